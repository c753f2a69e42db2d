import { describe, expect, it } from 'vitest';
import { XeroOrgStore } from '../xero/xero-org-store';
import { buildXeroOrg, seedLineSource } from '../xero/xero-seed';
import { documentAt, generateCompany, type Scenario } from './company-generator';

describe('neutral company generator', () => {
  it('is deterministic: the same seed gives the same company, another seed a different one', () => {
    const a = generateCompany({ seed: 11 });
    const b = generateCompany({ seed: 11 });
    const c = generateCompany({ seed: 12 });
    expect(b).toEqual(a);
    expect(c.parties.map((p) => p.name)).not.toEqual(a.parties.map((p) => p.name));
    expect(documentAt(a, 500)).toEqual(documentAt(b, 500));
    const xa = buildXeroOrg(a, { tenantId: 't', shortCode: 's' });
    const xb = buildXeroOrg(b, { tenantId: 't', shortCode: 's' });
    expect(xb).toEqual(xa);
  });

  it('has the default size and every awkward case', () => {
    const c = generateCompany({ seed: 1 });
    expect(c.parties.length).toBe(200);
    expect(c.documentCount).toBe(1000);
    expect(c.items.length).toBe(50);
    expect(c.parties.some((p) => p.archived)).toBe(true);
    expect(c.parties.some((p) => p.duplicateOf !== undefined)).toBe(true);
    const seen = new Set<Scenario>();
    for (let i = 0; i < c.documentCount; i++) seen.add(documentAt(c, i).scenario);
    for (const s of [
      'paid',
      'partly-paid',
      'overpaid',
      'credited',
      'foreign-currency',
      'rounding',
      'zero-rated',
      'reverse-charge',
      'locked-period',
      'voided',
      'deleted',
      'draft',
    ] as Scenario[]) {
      expect(seen.has(s), s).toBe(true);
    }
    const kinds = new Set(c.taxCodes.map((t) => t.kind));
    expect(kinds.has('zero') && kinds.has('reverse-charge-purchase') && kinds.has('reduced')).toBe(true);
  });

  it('projects into a consistent Xero organisation (totals, payments, statuses)', () => {
    const org = buildXeroOrg(generateCompany({ seed: 3 }), { tenantId: 't', shortCode: 's' });
    const byStatus = new Map<string, number>();
    for (const i of org.invoices) byStatus.set(i.Status, (byStatus.get(i.Status) ?? 0) + 1);
    for (const s of ['PAID', 'AUTHORISED', 'DRAFT', 'VOIDED', 'DELETED'])
      expect(byStatus.get(s), s).toBeGreaterThan(0);
    const partly = org.invoices.find((i) => i.Status === 'AUTHORISED' && i.AmountPaid !== '0.00');
    expect(partly).toBeDefined();
    expect(org.invoices.some((i) => i.Overpayments?.length)).toBe(true);
    expect(org.invoices.some((i) => i.CurrencyCode !== 'SEK' && i.CurrencyRate !== '1.000000')).toBe(true);
    expect(org.creditNotes.some((c) => c.Allocations.length > 0)).toBe(true);
    expect(org.invoices.some((i) => i.Date <= (org.organisation.PeriodLockDate ?? ''))).toBe(true);
    for (const i of org.invoices) {
      const paid = org.payments
        .filter((p) => p.InvoiceID === i.InvoiceID)
        .reduce((s, p) => s + Math.round(Number(p.Amount) * 100), 0);
      expect(paid).toBe(Math.round(Number(i.AmountPaid) * 100));
      if (i.Status === 'PAID') {
        expect(Math.round(Number(i.Total) * 100)).toBe(paid + Math.round(Number(i.AmountCredited) * 100));
      }
    }
    // the rounding case: per-line tax differs from tax on the subtotal by 0.01
    const c3 = generateCompany({ seed: 3 });
    const store = new XeroOrgStore(buildXeroOrg(c3, { tenantId: 't', shortCode: 's' }), seedLineSource(c3));
    const rounding = [...store.invoices.values()].find((i) => {
      const lines = store.linesOf(i);
      return lines.length === 3 && lines.every((l) => l.UnitAmount === '10.02');
    });
    expect(rounding?.TotalTax).toBe('3.60');
    // regenerated lines add up to the stored totals and keep their ids between reads
    for (const inv of [...store.invoices.values()].slice(0, 200)) {
      const lines = store.linesOf(inv);
      const sum = lines.reduce((s, l) => s + Math.round(Number(l.TaxAmount) * 100), 0);
      expect(sum).toBe(Math.round(Number(inv.TotalTax) * 100));
      expect(store.linesOf(inv).map((l) => l.LineItemID)).toEqual(lines.map((l) => l.LineItemID));
    }
    // updated stamps are monotonic in insertion order (the default list order)
    for (let k = 1; k < org.invoices.length; k++)
      expect(org.invoices[k]!.UpdatedDateUTC).toBeGreaterThan(org.invoices[k - 1]!.UpdatedDateUTC);
  });

  it('generates 100,000 invoices in a few seconds', () => {
    const t0 = performance.now();
    const c = generateCompany({ seed: 5, scale: 100 });
    const org = buildXeroOrg(c, { tenantId: 't', shortCode: 's' });
    const ms = performance.now() - t0;
    expect(org.invoices.length).toBe(100_000);
    expect(ms).toBeLessThan(15_000);
    console.log(
      `scale 100: ${org.invoices.length} invoices, ${org.contacts.length} contacts, ${org.payments.length} payments in ${Math.round(ms)} ms`,
    );
  });
});
