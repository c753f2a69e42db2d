import { Prng } from '../kit/prng';

/**
 * A neutral, API-agnostic "company": the parties, items, tax codes and documents that every simulator projects
 * into its own API's shapes (xero-seed.ts, vea-seed.ts, vn-seed.ts; overlaps in sync-overlaps.ts). Everything is
 * derived from the seed, never from Math.random or the wall clock, so the same seed always yields the same company.
 * Documents are produced one at a time by index (`documentAt`) so a 100,000-invoice company never has to exist
 * in neutral form all at once.
 */

/** Neutral VAT code kinds; each target maps them to its own codes. */
export type TaxKind =
  | 'standard'
  | 'reduced'
  | 'low'
  | 'zero'
  | 'exempt'
  | 'reverse-charge-purchase'
  | 'reverse-charge-sale'
  | 'none';

/** A VAT code of the company. `rate` is a percentage as a decimal string. */
export interface NeutralTaxCode {
  kind: TaxKind;
  name: string;
  rate: string;
  /** The rate shown to users; differs from `rate` for reverse charge (shown 25, effective 0). */
  displayRate: string;
  sales: boolean;
  purchases: boolean;
}

/** A ledger account. */
export interface NeutralAccount {
  code: string;
  name: string;
  kind: 'bank' | 'revenue' | 'expense' | 'asset' | 'liability' | 'equity' | 'receivable' | 'payable' | 'tax';
  taxKind?: TaxKind;
  currency?: string;
  bankAccountNumber?: string;
  description?: string;
}

/** A currency and its rate (units of the currency per 1 unit of the base currency, 6 dp). */
export interface NeutralCurrency {
  code: string;
  description: string;
  rate: string;
}

/** A customer and/or supplier. */
export interface NeutralParty {
  index: number;
  number: string;
  name: string;
  isCustomer: boolean;
  isSupplier: boolean;
  email: string;
  orgNumber: string;
  vatNumber: string;
  firstName: string;
  lastName: string;
  phone: string;
  address: { line1: string; city: string; postalCode: string; country: string };
  currency: string;
  archived: boolean;
  /** Set when this party deliberately looks like a duplicate of another (same name but different spelling). */
  duplicateOf?: number;
  /** Days until payment is due. */
  paymentTermsDays: number;
}

/** A product or service. Prices are decimal strings; `priceDp` 4 marks items whose prices need 4 decimals. */
export interface NeutralItem {
  index: number;
  code: string;
  name: string;
  description: string;
  salesPrice: string;
  purchasePrice: string;
  taxKind: TaxKind;
  priceDp: 2 | 4;
  sold: boolean;
  purchased: boolean;
}

/** A document line. */
export interface NeutralLine {
  itemIndex?: number;
  description: string;
  quantity: string;
  unitPrice: string;
  taxKind: TaxKind;
  discountRate?: string;
}

/** Why a document exists: the awkward cases are generated on purpose. */
export type Scenario =
  | 'plain'
  | 'paid'
  | 'partly-paid'
  | 'overpaid'
  | 'credited'
  | 'foreign-currency'
  | 'rounding'
  | 'zero-rated'
  | 'reverse-charge'
  | 'inclusive'
  | 'draft'
  | 'voided'
  | 'deleted'
  | 'locked-period';

/** A settlement of a document: a payment share of the total (`share` in 0..1, or 'rest', or an overpayment). */
export interface NeutralSettlement {
  date: string;
  share: 'rest' | 'over' | string;
  /** For 'over': how much more than the total was received. */
  excess?: string;
}

/** A sales invoice (`sale`) or a supplier bill (`purchase`), with its optional credit note. */
export interface NeutralDocument {
  index: number;
  kind: 'sale' | 'purchase';
  /** Sales invoices are numbered by the company; bills carry the supplier's number. */
  number: string;
  reference: string;
  partyIndex: number;
  date: string;
  dueDate: string;
  currency: string;
  /** Units of `currency` per base unit (6 dp), '1' for the base currency. */
  rate: string;
  pricesIncludeTax: boolean;
  noTax: boolean;
  status: 'draft' | 'submitted' | 'approved' | 'voided' | 'deleted';
  lines: NeutralLine[];
  settlements: NeutralSettlement[];
  /** A credit note against this document: its lines and whether (and how much of) it is allocated. */
  credit?: { number: string; date: string; lines: NeutralLine[]; allocate: 'full' | 'none' };
  scenario: Scenario;
}

/** The company-level data (documents are produced on demand by index). */
export interface NeutralCompany {
  seed: number;
  name: string;
  legalName: string;
  orgNumber: string;
  vatNumber: string;
  countryCode: string;
  baseCurrency: string;
  /** The last date of seeded activity (documents fall in the 18 months before it). */
  anchorDate: string;
  /** Documents on or before this date are in a locked period. */
  periodLockDate: string;
  taxCodes: NeutralTaxCode[];
  accounts: NeutralAccount[];
  currencies: NeutralCurrency[];
  parties: NeutralParty[];
  items: NeutralItem[];
  documentCount: number;
}

/** Size and shape options of the generated company. */
export interface CompanyOptions {
  seed: number;
  /** Multiplier of the default size (1 ≈ 200 contacts, 1,000 invoices, 50 items; 100 ≈ 100,000 invoices). */
  scale?: number;
  /** Explicit counts override the scale. */
  contacts?: number;
  documents?: number;
  items?: number;
  name?: string;
  anchorDate?: string;
}

const PREFIX = ['Nord', 'Fjell', 'Sjö', 'Berg', 'Ek', 'Lind', 'Strand', 'Vik', 'Dal', 'Ås', 'Hav', 'Skog'];
const STEM = ['vik', 'berg', 'holm', 'lund', 'by', 'dal', 'stad', 'ström', 'mark', 'land', 'sund', 'fors'];
const TRADE = [
  'Consulting',
  'Handel',
  'Bygg',
  'Logistik',
  'Design',
  'Data',
  'Trä',
  'Mat',
  'Elektro',
  'Media',
];
const FORM = [
  ['AB', 'SE'],
  ['AS', 'NO'],
  ['Oy', 'FI'],
  ['ApS', 'DK'],
  ['Ltd', 'GB'],
  ['GmbH', 'DE'],
] as const;
const FIRST = [
  'Anna',
  'Erik',
  'Ingrid',
  'Lars',
  'Maja',
  'Nils',
  'Sofia',
  'Olav',
  'Karin',
  'Johan',
  'Liv',
  'Per',
];
const LAST = [
  'Andersson',
  'Hansen',
  'Johansson',
  'Nilsen',
  'Larsson',
  'Berg',
  'Lind',
  'Dahl',
  'Holm',
  'Eriksson',
];
const CITY: Record<string, string[]> = {
  SE: ['Stockholm', 'Göteborg', 'Malmö', 'Uppsala'],
  NO: ['Oslo', 'Bergen', 'Trondheim'],
  FI: ['Helsinki', 'Tampere'],
  DK: ['København', 'Aarhus'],
  GB: ['London', 'Leeds'],
  DE: ['Hamburg', 'Berlin'],
};
const STREET = ['Storgatan', 'Kungsgatan', 'Drottninggatan', 'Hamngatan', 'Skolgatan', 'Parkvägen'];
const PRODUCT = [
  'Konsulttimme',
  'Licens',
  'Support',
  'Kabel',
  'Skruv',
  'Panel',
  'Lampa',
  'Kaffe',
  'Papper',
  'Frakt',
];
const FOREIGN: Record<string, string> = { NO: 'NOK', FI: 'EUR', DK: 'DKK', GB: 'GBP', DE: 'EUR' };

const DAY = 86_400_000;

/** Cents (an integer) as a 2-dp decimal string, without Number#toFixed (hot in 100k-document seeds). */
function cents(n: number): string {
  const s = String(n).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

const dayOfIso = new Map<string, number>();
const isoOfDay = new Map<number, string>();

/** Adds days to an ISO date (UTC). Memoised: seeding 100k documents calls it a few hundred thousand times. */
export function addDays(isoDate: string, days: number): string {
  let d = dayOfIso.get(isoDate);
  if (d === undefined) {
    d = Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY);
    dayOfIso.set(isoDate, d);
  }
  const target = d + days;
  let out = isoOfDay.get(target);
  if (out === undefined) {
    out = new Date(target * DAY).toISOString().slice(0, 10);
    isoOfDay.set(target, out);
  }
  return out;
}

/** A stable 32-bit mix of two integers (to address document `i` of seed `s` independently). */
export function mixSeed(seed: number, i: number): number {
  let h = (seed ^ 0x5bd1e995) >>> 0;
  h = Math.imul(h ^ (i + 0x27d4eb2d), 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Generates the company-level data of a seed. Fast: parties and items only; documents come from `documentAt`. */
export function generateCompany(opts: CompanyOptions): NeutralCompany {
  const scale = opts.scale && opts.scale > 0 ? opts.scale : 1;
  const contactCount =
    opts.contacts ?? Math.max(20, Math.round(200 * Math.sqrt(scale) * (scale >= 1 ? 1 : scale)));
  const documentCount = opts.documents ?? Math.max(10, Math.round(1000 * scale));
  const itemCount = opts.items ?? Math.max(10, Math.round(50 * Math.min(scale, 4)));
  const anchorDate = opts.anchorDate ?? '2026-09-30';
  const rnd = new Prng(opts.seed);

  const taxCodes: NeutralTaxCode[] = [
    { kind: 'standard', name: 'VAT 25%', rate: '25', displayRate: '25', sales: true, purchases: true },
    { kind: 'reduced', name: 'VAT 12%', rate: '12', displayRate: '12', sales: true, purchases: true },
    { kind: 'low', name: 'VAT 6%', rate: '6', displayRate: '6', sales: true, purchases: true },
    { kind: 'zero', name: 'Zero rated (export)', rate: '0', displayRate: '0', sales: true, purchases: false },
    { kind: 'exempt', name: 'VAT exempt', rate: '0', displayRate: '0', sales: true, purchases: true },
    {
      kind: 'reverse-charge-purchase',
      name: 'Reverse charge purchases (EU services)',
      rate: '0',
      displayRate: '25',
      sales: false,
      purchases: true,
    },
    {
      kind: 'reverse-charge-sale',
      name: 'Reverse charge sales (EU services)',
      rate: '0',
      displayRate: '0',
      sales: true,
      purchases: false,
    },
    { kind: 'none', name: 'No VAT', rate: '0', displayRate: '0', sales: true, purchases: true },
  ];

  const accounts: NeutralAccount[] = [
    {
      code: '090',
      name: 'Business Bank Account',
      kind: 'bank',
      bankAccountNumber: '5000-1234567',
      currency: 'SEK',
    },
    {
      code: '091',
      name: 'Business Savings Account',
      kind: 'bank',
      bankAccountNumber: '5000-7654321',
      currency: 'SEK',
    },
    {
      code: '092',
      name: 'EUR Account',
      kind: 'bank',
      bankAccountNumber: 'SE45 5000 0000 0583 9825 7466',
      currency: 'EUR',
    },
    { code: '200', name: 'Sales', kind: 'revenue', taxKind: 'standard' },
    { code: '210', name: 'Sales - reduced VAT', kind: 'revenue', taxKind: 'reduced' },
    { code: '220', name: 'Export sales', kind: 'revenue', taxKind: 'zero' },
    { code: '260', name: 'Other Revenue', kind: 'revenue', taxKind: 'standard' },
    { code: '300', name: 'Purchases', kind: 'expense', taxKind: 'standard' },
    { code: '310', name: 'Cost of Goods Sold', kind: 'expense', taxKind: 'standard' },
    { code: '400', name: 'Advertising', kind: 'expense', taxKind: 'standard' },
    { code: '429', name: 'General Expenses', kind: 'expense', taxKind: 'standard' },
    { code: '463', name: 'IT Software and Consumables', kind: 'expense', taxKind: 'reverse-charge-purchase' },
    { code: '610', name: 'Accounts Receivable', kind: 'receivable' },
    { code: '630', name: 'Inventory', kind: 'asset' },
    { code: '800', name: 'Accounts Payable', kind: 'payable' },
    { code: '820', name: 'VAT', kind: 'tax' },
    { code: '960', name: 'Retained Earnings', kind: 'equity' },
  ];

  const currencies: NeutralCurrency[] = [
    { code: 'SEK', description: 'Swedish Krona', rate: '1' },
    { code: 'EUR', description: 'Euro', rate: '0.087350' },
    { code: 'NOK', description: 'Norwegian Krone', rate: '1.012400' },
    { code: 'DKK', description: 'Danish Krone', rate: '0.651800' },
    { code: 'GBP', description: 'British Pound', rate: '0.073910' },
    { code: 'USD', description: 'US Dollar', rate: '0.094520' },
  ];

  const parties: NeutralParty[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < contactCount; i++) {
    const r = rnd.fork();
    const form = r.chance(0.7) ? FORM[0] : r.pick(FORM);
    let name = `${r.pick(PREFIX)}${r.pick(STEM)} ${r.pick(TRADE)} ${form[0]}`;
    if (usedNames.has(name)) name = `${name.slice(0, -form[0].length - 1)} ${i} ${form[0]}`;
    usedNames.add(name);
    const country = form[1];
    const city = r.pick(CITY[country] ?? ['Stockholm']);
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const roleRoll = r.next();
    const org = String(5560000000 + ((i * 7919) % 999999) * 1000 + r.int(0, 999));
    parties.push({
      index: i,
      number: `C${String(10001 + i)}`,
      name,
      isCustomer: roleRoll < 0.75,
      isSupplier: roleRoll >= 0.6,
      email: `${first.toLowerCase()}.${last.toLowerCase()}@${name
        .split(' ')[0]!
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z]/g, '')}.example`,
      orgNumber: country === 'SE' ? `${org.slice(0, 6)}-${org.slice(6)}` : org.slice(1),
      vatNumber: country === 'SE' ? `SE${org}01` : `${country}${org.slice(1)}`,
      firstName: first,
      lastName: last,
      phone: `+46 8 ${r.int(100, 999)} ${r.int(10, 99)} ${r.int(10, 99)}`,
      address: {
        line1: `${r.pick(STREET)} ${r.int(1, 120)}`,
        city,
        postalCode: String(r.int(10000, 99999)),
        country,
      },
      currency: country === 'SE' ? 'SEK' : (FOREIGN[country] ?? 'EUR'),
      archived: false,
      paymentTermsDays: r.pick([10, 14, 20, 30, 30, 30]),
    });
  }
  // The awkward contacts, on purpose: a few archived ones and a few that look like duplicates of others.
  for (let i = 5; i < parties.length; i += 37) (parties[i] as NeutralParty).archived = true;
  const dupCount = Math.max(2, Math.floor(contactCount / 60));
  for (let k = 0; k < dupCount; k++) {
    const target = parties[parties.length - 1 - k];
    const original = parties[k * 3 + 1];
    if (!target || !original || target.index <= original.index) continue;
    const variant = k % 2 === 0 ? `${original.name}.` : original.name.replace(' ', '  ');
    target.name = usedNames.has(variant) ? `${original.name} (2)` : variant;
    target.orgNumber = original.orgNumber;
    target.email = original.email;
    target.duplicateOf = original.index;
    target.archived = false;
  }

  const items: NeutralItem[] = [];
  for (let i = 0; i < itemCount; i++) {
    const r = rnd.fork();
    const priceDp = i % 10 === 9 ? 4 : 2;
    const base = r.int(500, 250000);
    const sales = priceDp === 4 ? (base / 10000).toFixed(4) : (base / 100).toFixed(2);
    const purchase = priceDp === 4 ? ((base * 0.6) / 10000).toFixed(4) : ((base * 6) / 1000).toFixed(2);
    const taxKind: TaxKind = i % 7 === 3 ? 'reduced' : i % 11 === 5 ? 'low' : 'standard';
    items.push({
      index: i,
      code: `ART-${String(i + 1).padStart(4, '0')}`,
      name: `${r.pick(PRODUCT)} ${String.fromCharCode(65 + (i % 26))}${i}`,
      description: `${r.pick(PRODUCT)} – ${r.pick(TRADE).toLowerCase()}`,
      salesPrice: sales,
      purchasePrice: purchase,
      taxKind,
      priceDp,
      sold: i % 13 !== 12,
      purchased: i % 5 !== 4,
    });
  }

  return {
    seed: opts.seed,
    name: opts.name ?? 'Ledgerflow Demo AB',
    legalName: `${opts.name ?? 'Ledgerflow Demo AB'}`,
    orgNumber: '556677-8899',
    vatNumber: 'SE556677889901',
    countryCode: 'SE',
    baseCurrency: 'SEK',
    anchorDate,
    periodLockDate: addDays(anchorDate, -365),
    taxCodes,
    accounts,
    currencies,
    parties,
    items,
    documentCount,
  };
}

/** The scenario of document `i`: fixed slots so every awkward case appears in even a small company. */
function scenarioOf(i: number, r: Prng): Scenario {
  const fixed: Scenario[] = [
    'paid',
    'partly-paid',
    'overpaid',
    'credited',
    'foreign-currency',
    'rounding',
    'zero-rated',
    'reverse-charge',
    'inclusive',
    'draft',
    'voided',
    'deleted',
    'locked-period',
  ];
  if (i < fixed.length) return fixed[i] as Scenario;
  const roll = r.next();
  if (roll < 0.3) return 'paid';
  if (roll < 0.36) return 'partly-paid';
  if (roll < 0.38) return 'overpaid';
  if (roll < 0.43) return 'credited';
  if (roll < 0.5) return 'foreign-currency';
  if (roll < 0.53) return 'rounding';
  if (roll < 0.56) return 'zero-rated';
  if (roll < 0.58) return 'reverse-charge';
  if (roll < 0.62) return 'inclusive';
  if (roll < 0.67) return 'draft';
  if (roll < 0.68) return 'voided';
  if (roll < 0.69) return 'deleted';
  return 'plain';
}

const kindOf = (i: number, scenario: Scenario): 'sale' | 'purchase' =>
  scenario === 'reverse-charge' ? 'purchase' : i % 4 === 3 && scenario !== 'rounding' ? 'purchase' : 'sale';

/**
 * The kind and scenario of document `i`, without the rest of it: they depend on the seed and the index only,
 * never on the company's size, so counting documents of a kind up to an index needs no company.
 */
export function documentKindAt(seed: number, i: number): { kind: 'sale' | 'purchase'; scenario: Scenario } {
  const scenario = scenarioOf(i, new Prng(mixSeed(seed, i)));
  return { kind: kindOf(i, scenario), scenario };
}

/**
 * Document `i` of the company (0 ≤ i < documentCount). Pure: the same company and index always give the same
 * document, and documents are spread over the 18 months before the anchor date in index order.
 */
export function documentAt(c: NeutralCompany, i: number): NeutralDocument {
  const r = new Prng(mixSeed(c.seed, i));
  const scenario = scenarioOf(i, r);
  const kind = kindOf(i, scenario);
  const candidates = c.parties.length;
  let party = c.parties[r.int(0, candidates - 1)] as NeutralParty;
  for (
    let tries = 0;
    tries < 8 && (party.archived || (kind === 'sale' ? !party.isCustomer : !party.isSupplier));
    tries++
  ) {
    party = c.parties[r.int(0, candidates - 1)] as NeutralParty;
  }
  const spanDays = 540;
  const lockedSpan = 60;
  const dayOffset =
    scenario === 'locked-period'
      ? -(365 + r.int(1, lockedSpan))
      : -spanDays + Math.floor(((i + 0.5) / Math.max(1, c.documentCount)) * spanDays);
  const date = addDays(c.anchorDate, Math.min(-1, dayOffset));
  const foreign = scenario === 'foreign-currency';
  const currencyInfo = foreign
    ? (c.currencies.find((x) => x.code === (party.currency === 'SEK' ? 'EUR' : party.currency)) ??
      c.currencies[1])
    : c.currencies[0];
  const lines = makeLines(c, r, scenario, kind);
  const status: NeutralDocument['status'] =
    scenario === 'draft'
      ? r.chance(0.5)
        ? 'draft'
        : 'submitted'
      : scenario === 'voided'
        ? 'voided'
        : scenario === 'deleted'
          ? 'deleted'
          : 'approved';
  const settlements: NeutralSettlement[] = [];
  const payDate = addDays(date, r.int(3, party.paymentTermsDays + 10));
  if (scenario === 'paid' || scenario === 'foreign-currency' || scenario === 'locked-period') {
    if (scenario !== 'foreign-currency' || r.chance(0.5)) settlements.push({ date: payDate, share: 'rest' });
  } else if (scenario === 'partly-paid') {
    settlements.push({ date: payDate, share: cents(r.int(20, 70)) });
  } else if (scenario === 'overpaid') {
    settlements.push({ date: payDate, share: 'over', excess: cents(r.int(100, 5000)) });
  } else if (scenario === 'plain' && r.chance(0.3)) {
    settlements.push({ date: payDate, share: cents(r.int(10, 50)) });
    if (r.chance(0.5)) settlements.push({ date: addDays(payDate, 14), share: 'rest' });
  }
  const doc: NeutralDocument = {
    index: i,
    kind,
    number: kind === 'sale' ? '' : `F${String(r.int(100000, 999999))}`,
    reference: kind === 'sale' ? `PO-${r.int(1000, 9999)}` : `OCR ${r.int(10000000, 99999999)}`,
    partyIndex: party.index,
    date,
    dueDate: addDays(date, party.paymentTermsDays),
    currency: currencyInfo?.code ?? c.baseCurrency,
    rate: currencyInfo?.rate ?? '1',
    pricesIncludeTax: scenario === 'inclusive',
    noTax: false,
    status,
    lines,
    settlements,
    scenario,
  };
  if (scenario === 'credited') {
    const first = lines[0] as NeutralLine;
    doc.credit = {
      number: '',
      date: addDays(date, r.int(2, 20)),
      lines: [{ ...first, quantity: '1', description: `Credit: ${first.description}` }],
      allocate: r.chance(0.75) ? 'full' : 'none',
    };
  }
  return doc;
}

function makeLines(c: NeutralCompany, r: Prng, scenario: Scenario, kind: 'sale' | 'purchase'): NeutralLine[] {
  if (scenario === 'rounding') {
    // Three lines of 10.02 at 12%: per-line tax 1.20 × 3 = 3.60, tax on the sum 30.06 × 12% = 3.61 — the
    // 0.01 difference of xero-notes.md §1.8 that Visma (per-document) and Xero (per-line) disagree on.
    return [0, 1, 2].map((k) => ({
      description: `Rounding line ${k + 1}`,
      quantity: '1',
      unitPrice: '10.02',
      taxKind: 'reduced' as TaxKind,
    }));
  }
  const count = r.int(1, 3);
  const out: NeutralLine[] = [];
  for (let k = 0; k < count; k++) {
    const item = c.items[r.int(0, c.items.length - 1)] as NeutralItem;
    const useItem = r.chance(0.7);
    const taxKind: TaxKind =
      scenario === 'zero-rated'
        ? 'zero'
        : scenario === 'reverse-charge'
          ? 'reverse-charge-purchase'
          : useItem
            ? item.taxKind
            : 'standard';
    out.push({
      ...(useItem ? { itemIndex: item.index } : {}),
      description: useItem ? item.description : `Tjänst ${r.int(1, 99)}`,
      quantity: r.chance(0.2) ? cents(r.int(1, 40) * 25) : String(r.int(1, 12)),
      unitPrice: useItem
        ? kind === 'sale'
          ? item.salesPrice
          : item.purchasePrice
        : cents(r.int(1000, 200000)),
      taxKind,
      ...(kind === 'sale' && r.chance(0.08) ? { discountRate: String(r.pick([5, 10, 15])) } : {}),
    });
  }
  return out;
}
