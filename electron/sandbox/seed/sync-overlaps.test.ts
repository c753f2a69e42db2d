import { describe, expect, it } from 'vitest';
import { buildVeaCompany, VEA_VAT_CODES } from '../visma-eaccounting/vea-seed';
import { buildVnCompany, VN_VAT_CODES, vnInvoiceRef } from '../visma-net/vn-seed';
import { buildXeroOrg } from '../xero/xero-seed';
import { generateCompany } from './company-generator';
import { isRenamedInVisma, scaleForVeaInvoices, vismaName, xeroInvoiceNumber } from './sync-overlaps';

type Json = Record<string, any>;
const SEED = 5;
const SCALE = 0.3;
const company = generateCompany({ seed: SEED, scale: SCALE });
const xero = buildXeroOrg(company, { tenantId: 'x', shortCode: '!x' });
const vea = buildVeaCompany(company, { companyId: 'e', scale: SCALE });
const vn = buildVnCompany(company, { tenantId: 'n', name: company.name, scale: SCALE, withNewRecords: true });
const xeroContact = new Map(xero.contacts.map((c) => [c.ContactID, c]));
const xeroByNumber = new Map(xero.invoices.map((i) => [i.InvoiceNumber, i]));

describe('the Visma demo companies overlap the Xero organisation on purpose', () => {
  it('eAccounting invoice k is Xero INV-k: same reference, customer (by org number), date and (to rounding) total', () => {
    const seeded = vea.invoices.filter((i) => !i.IsCreditInvoice && String(i.YourReference).length === 7);
    expect(seeded.length).toBeGreaterThan(100);
    let sameTotal = 0;
    for (const inv of seeded) {
      const x = xeroByNumber.get(xeroInvoiceNumber(inv.InvoiceNumber as number));
      expect(x, `INV for ${String(inv.InvoiceNumber)}`).toBeDefined();
      if (!x) continue;
      expect(x.Type).toBe('ACCREC');
      expect(x.Reference).toBe(inv.YourReference);
      expect(`${x.Date}T00:00:00`).toBe(inv.InvoiceDate);
      const cust = vea.customers.find((c) => c.Id === inv.CustomerId) as Json;
      expect(xeroContact.get(x.ContactID)?.fields.CompanyNumber).toBe(cust.CorporateIdentityNumber);
      const diff = Math.abs(Number(x.Total) - (inv.TotalAmountInvoiceCurrency as number));
      expect(diff).toBeLessThanOrEqual(0.05);
      if (diff === 0) sameTotal++;
    }
    expect(sameTotal / seeded.length).toBeGreaterThan(0.8);
  });

  it('Visma.net invoice reference k (6 digits) is Xero INV-k with the same reference and customer', () => {
    const seeded = vn.invoices.filter(
      (i) => i.documentType === 'Invoice' && /^PO-\d{4}$/.test(String(i.externalReference)),
    );
    for (const inv of seeded) {
      const k = Number(inv.referenceNumber);
      expect(inv.referenceNumber).toBe(vnInvoiceRef(k));
      const x = xeroByNumber.get(xeroInvoiceNumber(k)) as Json;
      expect(x.Reference).toBe(inv.externalReference);
      const cust = vn.customers.find((c) => c.number === (inv.customer as Json).number) as Json;
      expect(xeroContact.get(x.ContactID)?.fields.CompanyNumber).toBe(cust.corporateId);
    }
  });

  it('Xero drafts are eAccounting drafts with the same reference', () => {
    const drafts = new Set(vea.drafts.map((d) => d.YourReference));
    const xeroDrafts = xero.invoices.filter(
      (i) => i.Type === 'ACCREC' && (i.Status === 'DRAFT' || i.Status === 'SUBMITTED'),
    );
    expect(xeroDrafts.length).toBeGreaterThan(0);
    for (const x of xeroDrafts) expect(drafts.has(x.Reference)).toBe(true);
  });

  it('every tenth customer is spelt differently, with the same org number and e-mail', () => {
    const renamed = company.parties.filter((p) => p.isCustomer && isRenamedInVisma(p));
    expect(renamed.length).toBeGreaterThanOrEqual(2);
    for (const p of renamed) {
      const x = xero.contacts[p.index] as Json;
      const e = vea.customers.find((c) => c.CustomerNumber === p.number.slice(1)) as Json;
      const n = vn.customers.find((c) => c.number === p.number.slice(1)) as Json;
      expect(e.Name).toBe(vismaName(p));
      expect(n.name).toBe(vismaName(p));
      expect(e.Name).not.toBe(x.Name);
      expect(e.CorporateIdentityNumber).toBe(x.fields.CompanyNumber);
      expect(e.EmailAddress).toBe(x.fields.EmailAddress);
      expect(n.corporateId).toBe(x.fields.CompanyNumber);
    }
  });

  it('has customers and invoices that Xero lacks', () => {
    const xeroNumbers = new Set(xero.contacts.map((c) => String(c.ContactNumber).slice(1)));
    const newCustomers = vea.customers.filter((c) => !xeroNumbers.has(String(c.CustomerNumber)));
    expect(newCustomers.map((c) => c.CustomerNumber)).toEqual(
      expect.arrayContaining(['90001', '90002', '90003']),
    );
    const xeroRefs = new Set(xero.invoices.map((i) => i.Reference));
    const newInvoices = vea.invoices.filter(
      (i) => !xeroRefs.has(String(i.YourReference)) && !i.IsCreditInvoice,
    );
    expect(newInvoices.length).toBeGreaterThanOrEqual(5);
    for (const i of newInvoices)
      expect(xeroByNumber.has(xeroInvoiceNumber(i.InvoiceNumber as number))).toBe(false);
    expect(vn.customers.some((c) => c.number === '90001')).toBe(true);
  });

  it('has VAT codes without a Xero counterpart', () => {
    const xeroTypes = new Set(xero.taxRates.map((t) => t.TaxType));
    for (const v of [...VEA_VAT_CODES, ...VN_VAT_CODES]) {
      if (v.xeroTaxType) expect(xeroTypes.has(v.xeroTaxType), v.xeroTaxType).toBe(true);
    }
    expect(VEA_VAT_CODES.filter((v) => !v.xeroTaxType).map((v) => v.code)).toEqual(['41', '50', '35']);
    expect(VN_VAT_CODES.filter((v) => !v.xeroTaxType).map((v) => v.id)).toEqual(['OMVBYGG', 'IMP25']);
    expect(vea.vatCodes.map((v) => v.Code)).toEqual(VEA_VAT_CODES.map((v) => v.code));
  });
});

describe('determinism of the Visma seeds', () => {
  it('the same seed gives the same companies, ids included; another seed differs', () => {
    const again = generateCompany({ seed: SEED, scale: SCALE });
    expect(JSON.stringify(buildVeaCompany(again, { companyId: 'e', scale: SCALE }))).toBe(
      JSON.stringify(vea),
    );
    expect(
      JSON.stringify(
        buildVnCompany(again, { tenantId: 'n', name: again.name, scale: SCALE, withNewRecords: true }),
      ),
    ).toBe(JSON.stringify(vn));
    const other = generateCompany({ seed: SEED + 1, scale: SCALE });
    expect(buildVeaCompany(other, { companyId: 'e', scale: SCALE }).customers[0]?.Id).not.toBe(
      vea.customers[0]?.Id,
    );
  });

  it('sizes the eAccounting company to a number of invoices: the smallest scale that holds them', () => {
    const invoicesAt = (seed: number, scale: number) =>
      buildVeaCompany(generateCompany({ seed, scale }), { companyId: 'e', scale }).invoices.filter(
        (i) => !i.IsCreditInvoice,
      ).length;
    for (const [seed, wanted] of [
      [SEED, 400],
      [1, 1234],
    ] as const) {
      const { scale, count } = scaleForVeaInvoices(seed, wanted);
      expect(count).toBeGreaterThanOrEqual(wanted);
      expect(invoicesAt(seed, scale)).toBe(count);
      expect(invoicesAt(seed, scale - 0.001)).toBeLessThan(wanted);
    }
  });

  it('seeds 100,000 invoices quickly', () => {
    const big = generateCompany({ seed: 1, scale: 100 });
    const t0 = performance.now();
    const e = buildVeaCompany(big, { companyId: 'e', scale: 100 });
    const t1 = performance.now();
    const n = buildVnCompany(big, { tenantId: 'n', name: big.name, scale: 100, withNewRecords: true });
    const t2 = performance.now();
    console.log(
      `scale 100: eAccounting ${e.invoices.length} invoices in ${Math.round(t1 - t0)} ms, Visma.net ${n.invoices.length} in ${Math.round(t2 - t1)} ms`,
    );
    expect(e.invoices.length).toBeGreaterThan(70_000);
    expect(t2 - t0).toBeLessThan(20_000);
  });
});
