import type { Obj, VnVatCode } from './vn-store';

/**
 * The demo company's general ledger reference data, as spec D's DTOs: the chart of accounts (AccountDto, Swedish
 * BAS numbers), the VAT ids (VatInformationDto) and the VAT categories built from them (VatCategoryDto). Ids and
 * descriptions are invented; the categories are `VN_VAT_CODES` of vn-seed.ts (the ids invoices and items use).
 */

/** An account type (AccountDto.type, spec D's enum). */
export type VnAccountType = 'Asset' | 'Liability' | 'Income' | 'Expense';

/** The account types spec D allows. */
export const VN_ACCOUNT_TYPES: readonly VnAccountType[] = ['Asset', 'Liability', 'Income', 'Expense'];

/** One account of the demo chart. Descriptions stay within the 30 characters spec D allows. */
interface AccountSeed {
  number: string;
  description: string;
  type: VnAccountType;
  accountClass: string;
  taxCategory?: string;
  /** A cash (bank) account in this currency (payments post to it). */
  cash?: string;
  control?: 'AR' | 'AP';
  active?: boolean;
}

/** Account classes (AccountDto.accountClass → accountClassDescription). */
export const VN_ACCOUNT_CLASSES: Readonly<Record<string, string>> = {
  OMS: 'Omsättningstillgångar',
  KASSA: 'Kassa och bank',
  EK: 'Eget kapital',
  SKULD: 'Kortfristiga skulder',
  MOMS: 'Moms',
  INT: 'Rörelsens intäkter',
  KOST: 'Rörelsens kostnader',
};

const CHART: AccountSeed[] = [
  { number: '1460', description: 'Lager av handelsvaror', type: 'Asset', accountClass: 'OMS' },
  { number: '1510', description: 'Kundfordringar', type: 'Asset', accountClass: 'OMS', control: 'AR' },
  { number: '1930', description: 'Företagskonto', type: 'Asset', accountClass: 'KASSA', cash: 'SEK' },
  { number: '1931', description: 'Valutakonto EUR', type: 'Asset', accountClass: 'KASSA', cash: 'EUR' },
  { number: '1932', description: 'Valutakonto NOK', type: 'Asset', accountClass: 'KASSA', cash: 'NOK' },
  { number: '1933', description: 'Valutakonto DKK', type: 'Asset', accountClass: 'KASSA', cash: 'DKK' },
  { number: '1934', description: 'Valutakonto GBP', type: 'Asset', accountClass: 'KASSA', cash: 'GBP' },
  { number: '1935', description: 'Valutakonto USD', type: 'Asset', accountClass: 'KASSA', cash: 'USD' },
  { number: '2081', description: 'Aktiekapital', type: 'Liability', accountClass: 'EK' },
  { number: '2099', description: 'Årets resultat', type: 'Liability', accountClass: 'EK' },
  {
    number: '2440',
    description: 'Leverantörsskulder',
    type: 'Liability',
    accountClass: 'SKULD',
    control: 'AP',
  },
  { number: '2611', description: 'Utgående moms 25 %', type: 'Liability', accountClass: 'MOMS' },
  { number: '2615', description: 'Utgående moms import 25 %', type: 'Liability', accountClass: 'MOMS' },
  { number: '2621', description: 'Utgående moms 12 %', type: 'Liability', accountClass: 'MOMS' },
  { number: '2631', description: 'Utgående moms 6 %', type: 'Liability', accountClass: 'MOMS' },
  { number: '2641', description: 'Debiterad ingående moms', type: 'Liability', accountClass: 'MOMS' },
  { number: '2645', description: 'Beräknad ingående moms utland', type: 'Liability', accountClass: 'MOMS' },
  {
    number: '3001',
    description: 'Försäljning 25 % moms',
    type: 'Income',
    accountClass: 'INT',
    taxCategory: 'MP1',
  },
  {
    number: '3002',
    description: 'Försäljning 12 % moms',
    type: 'Income',
    accountClass: 'INT',
    taxCategory: 'MP2',
  },
  {
    number: '3003',
    description: 'Försäljning 6 % moms',
    type: 'Income',
    accountClass: 'INT',
    taxCategory: 'MP3',
  },
  {
    number: '3004',
    description: 'Försäljning momsfri',
    type: 'Income',
    accountClass: 'INT',
    taxCategory: 'MF',
  },
  {
    number: '3105',
    description: 'Försäljning varor export',
    type: 'Income',
    accountClass: 'INT',
    taxCategory: 'EXP',
  },
  {
    number: '3231',
    description: 'Försäljning byggtjänster',
    type: 'Income',
    accountClass: 'INT',
    taxCategory: 'OMVBYGG',
  },
  {
    number: '3308',
    description: 'Försäljning tjänster EU',
    type: 'Income',
    accountClass: 'INT',
    taxCategory: 'EUTJ',
  },
  { number: '3740', description: 'Öres- och kronutjämning', type: 'Income', accountClass: 'INT' },
  {
    number: '3990',
    description: 'Övriga ersättningar (gammal)',
    type: 'Income',
    accountClass: 'INT',
    active: false,
  },
  {
    number: '4010',
    description: 'Inköp material och varor',
    type: 'Expense',
    accountClass: 'KOST',
    taxCategory: 'MP1',
  },
  {
    number: '4545',
    description: 'Import av varor 25 %',
    type: 'Expense',
    accountClass: 'KOST',
    taxCategory: 'IMP25',
  },
  { number: '6570', description: 'Bankkostnader', type: 'Expense', accountClass: 'KOST' },
];

/** The description of a demo account (invoice lines show it), or undefined for an unknown number. */
export function vnAccountDescription(number: string): string | undefined {
  return CHART.find((a) => a.number === number)?.description;
}

/** The sales account of a VAT category on a seeded invoice line (as the seed has always numbered them). */
export function vnSalesAccountOf(vat: VnVatCode): string {
  return vat.rate === 25 ? '3001' : vat.rate === 12 ? '3002' : vat.rate === 6 ? '3003' : '3105';
}

/** The demo company's cash account in a currency (the base currency's when there is none). */
export function vnCashAccountFor(currency: string): string {
  return (CHART.find((a) => a.cash === currency) ?? CHART.find((a) => a.cash === 'SEK'))!.number;
}

/** The chart as AccountDto objects (accountID from 101), all changed at `stamp`. */
export function vnAccounts(stamp: string): Obj[] {
  return CHART.map((a, i) => {
    const dto: Obj = {
      accountID: 101 + i,
      accountCD: a.number,
      accountClass: a.accountClass,
      type: a.type,
      active: a.active ?? true,
      description: a.description,
      useDefaultSub: false,
      postOption: 'Summary',
      cashAccount: a.cash !== undefined,
      publicCode1: a.number,
      lastModifiedDateTime: stamp,
      allowManualEntry: a.control === undefined,
    };
    if (a.cash !== undefined && a.cash !== 'SEK') dto.currency = a.cash;
    if (a.taxCategory !== undefined) dto.taxCategory = a.taxCategory;
    if (a.control !== undefined) dto.controlAccountModule = a.control;
    return dto;
  });
}

/** The VAT id of each VAT category, with what VatInformationDto says about it. */
interface VatSeed {
  category: string;
  vatId: string;
  description: string;
  type: 'Vat' | 'ExemptVat' | 'ReverseVat';
  reverse: boolean;
  exempt: boolean;
  groupType: 'Output' | 'Input';
  reportingGroup: string;
  payable?: string;
  claimable?: string;
  euReportCode?: 'SalesOfGoods' | 'Triangulation' | 'SalesOfService';
  xmlType: 'VatTypeHigh' | 'VatTypeMedium' | 'VatTypeLow' | 'VatTypeZero' | 'VatTypeExempt';
}

const VATS: VatSeed[] = [
  {
    category: 'MP1',
    vatId: 'UTG25',
    description: 'Utgående moms 25 %',
    type: 'Vat',
    reverse: false,
    exempt: false,
    groupType: 'Output',
    reportingGroup: '10',
    payable: '2611',
    xmlType: 'VatTypeHigh',
  },
  {
    category: 'MP2',
    vatId: 'UTG12',
    description: 'Utgående moms 12 %',
    type: 'Vat',
    reverse: false,
    exempt: false,
    groupType: 'Output',
    reportingGroup: '11',
    payable: '2621',
    xmlType: 'VatTypeMedium',
  },
  {
    category: 'MP3',
    vatId: 'UTG6',
    description: 'Utgående moms 6 %',
    type: 'Vat',
    reverse: false,
    exempt: false,
    groupType: 'Output',
    reportingGroup: '12',
    payable: '2631',
    xmlType: 'VatTypeLow',
  },
  {
    category: 'EXP',
    vatId: 'EXPORT',
    description: 'Export av varor, 0 %',
    type: 'Vat',
    reverse: false,
    exempt: true,
    groupType: 'Output',
    reportingGroup: '36',
    payable: '2611',
    xmlType: 'VatTypeZero',
  },
  {
    category: 'EUTJ',
    vatId: 'EUTJ',
    description: 'Tjänster till EU, 0 %',
    type: 'Vat',
    reverse: false,
    exempt: true,
    groupType: 'Output',
    reportingGroup: '39',
    payable: '2611',
    euReportCode: 'SalesOfService',
    xmlType: 'VatTypeZero',
  },
  {
    category: 'MF',
    vatId: 'MOMSFRI',
    description: 'Momsfri försäljning',
    type: 'ExemptVat',
    reverse: false,
    exempt: true,
    groupType: 'Output',
    reportingGroup: '42',
    xmlType: 'VatTypeExempt',
  },
  {
    category: 'OMVBYGG',
    vatId: 'OMVBYGG',
    description: 'Byggtjänster, omvänd, 0 %',
    type: 'Vat',
    reverse: false,
    exempt: true,
    groupType: 'Output',
    reportingGroup: '41',
    payable: '2611',
    xmlType: 'VatTypeZero',
  },
  {
    category: 'IMP25',
    vatId: 'IMP25',
    description: 'Import av varor 25 %',
    type: 'ReverseVat',
    reverse: true,
    exempt: false,
    groupType: 'Input',
    reportingGroup: '50',
    payable: '2615',
    claimable: '2645',
    xmlType: 'VatTypeHigh',
  },
];

/** Since when the demo rates apply (one schedule row each). */
const RATES_FROM = '2010-01-01T00:00:00';

function accountRef(number: string | undefined): Obj | undefined {
  if (number === undefined) return undefined;
  const a = CHART.find((x) => x.number === number)!;
  return { type: a.type, active: a.active ?? true, number: a.number, description: a.description };
}

/** The VAT ids as VatInformationDto objects (one rate schedule row each), changed at `stamp`. */
export function vnVats(codes: readonly VnVatCode[], stamp: string): Obj[] {
  return VATS.map((v) => {
    const code = codes.find((c) => c.id === v.category)!;
    const payable = accountRef(v.payable);
    const claimable = accountRef(v.claimable);
    const dto: Obj = {
      vatId: v.vatId,
      description: v.description,
      type: v.type,
      deductibleVat: false,
      reverseVat: v.reverse,
      statisticalVat: false,
      pendingVat: false,
      includeinVatExemptTotal: v.exempt,
      includeinVatTotal: !v.exempt,
      enterFromVatInvoice: false,
      calculateOn: 'DocumentAmount',
      cashDiscount: 'ToTaxableAmount',
      vatAgencyId: { internalId: 9001, number: 'SKV', name: 'Skatteverket' },
      documentText: v.description,
      vismaXmlVatType: v.xmlType,
      lastModifiedDateTime: stamp,
      glAccounts: {
        ...(payable ? { vatPayableAccount: payable } : {}),
        ...(claimable ? { vatClaimableAccount: claimable } : {}),
      },
      schedules: [
        {
          startDate: RATES_FROM,
          vatRate: code.rate,
          minTaxableAmt: 0,
          maxTaxableAmt: 0,
          reportingGroup: v.reportingGroup,
          deductibleVatRate: 0,
          groupType: v.groupType,
        },
      ],
      categories: [{ vatCategoryId: code.id, description: code.description, active: true }],
      zones: [],
    };
    if (v.euReportCode) dto.euReportCode = v.euReportCode;
    return dto;
  });
}

/** The VAT categories as VatCategoryDto objects: each holds its one VAT id with the rate in force. */
export function vnVatCategories(codes: readonly VnVatCode[], stamp: string): Obj[] {
  return codes.map((code) => {
    const v = VATS.find((x) => x.category === code.id)!;
    return {
      vatCategoryId: code.id,
      description: code.description,
      active: true,
      excludeListedTaxes: false,
      lastModifiedDateTime: stamp,
      vatCategoryLines: [
        {
          vatId: v.vatId,
          description: v.description,
          type: v.type,
          calculateOn: 'DocumentAmount',
          cashDiscount: 'ToTaxableAmount',
          vatRates: [{ revisionID: '1', vatRate: code.rate, startDate: RATES_FROM }],
        },
      ],
    };
  });
}
