import { documentKindAt, generateCompany, type NeutralCompany, type NeutralParty } from './company-generator';

/**
 * The deliberate overlaps between the Visma demo companies and the Xero demo organisation (all three are
 * projections of the same neutral company, so a Visma → Xero flow meets data that is already there). The rules
 * live here once so that both Visma seeders and the tests agree; docs/sandbox.md lists them.
 *
 * - Every sales invoice of the neutral company exists in Xero as `INV-nnnn` (its 1-based position among the
 *   sales documents, `k`) and in Visma with the same number `k` (eAccounting `InvoiceNumber` k, Visma.net
 *   `referenceNumber` k padded to 6 digits), the same reference (`PO-…`), customer, date and lines: already
 *   synced.
 * - Every tenth customer (party index ≡ 3 mod 10) is spelt differently in Visma (`renamedInVisma`), with the same
 *   org number and e-mail as in Xero: a name match fails, an org-number match succeeds.
 * - A few customers and invoices exist only in Visma (`newParties`, `newInvoiceCount`): not synced yet.
 */

/** Whether a party's name is spelt differently in the Visma companies than in Xero. */
export function isRenamedInVisma(p: NeutralParty): boolean {
  return p.index % 10 === 3 && p.duplicateOf === undefined;
}

const LONG_FORM: Record<string, string> = {
  AB: 'Aktiebolag',
  AS: 'A/S',
  Oy: 'Oy Ab',
  ApS: 'Aps',
  Ltd: 'Limited',
  GmbH: 'G.m.b.H.',
};

/**
 * The Visma spelling of a party's name: upper case (variant 0), the company form written out (variant 1,
 * `AB` → `Aktiebolag`), or without the company form (variant 2). Other parties keep their Xero name.
 */
export function vismaName(p: NeutralParty): string {
  if (!isRenamedInVisma(p)) return p.name;
  const variant = Math.floor(p.index / 10) % 3;
  const parts = p.name.split(' ');
  const form = parts[parts.length - 1] ?? '';
  if (variant === 0) return p.name.toUpperCase();
  if (variant === 1) return [...parts.slice(0, -1), LONG_FORM[form] ?? form].join(' ');
  return parts.slice(0, -1).join(' ');
}

/** Xero's number of the k-th sales invoice (xero-seed.ts numbers them `INV-0001`, `INV-0002`, …). */
export function xeroInvoiceNumber(k: number): string {
  return `INV-${String(k).padStart(4, '0')}`;
}

/** Customers that exist only in the Visma companies (numbers 90001…): not in Xero yet. */
export function newParties(c: NeutralCompany, scale: number): NeutralParty[] {
  const count = Math.max(3, Math.round(5 * Math.min(scale, 20)));
  const extra = generateCompany({ seed: c.seed ^ 0x5eed, contacts: count, documents: 10, items: 10 });
  return extra.parties.map((p, i) => ({
    ...p,
    index: c.parties.length + i,
    number: `C${90001 + i}`,
    isCustomer: true,
    archived: false,
  }));
}

/** How many invoices exist only in the Visma companies (dated in the last weeks before the anchor date). */
export function newInvoiceCount(scale: number): number {
  return Math.max(5, Math.round(10 * scale));
}

/**
 * The smallest scale (in steps of 0.001: one neutral document) at which the eAccounting demo company holds at
 * least `invoices` customer invoices, credit invoices apart: the seeded sales invoices that are neither drafts
 * nor deleted, plus the new ones Xero lacks (`newInvoiceCount`). Benchmarks size the sandbox with it
 * (`startSandbox({ seed, scale })`); `count` is the exact number the company will hold.
 */
export function scaleForVeaInvoices(seed: number, invoices: number): { scale: number; count: number } {
  let seeded = 0;
  for (let documents = 1; ; documents++) {
    const { kind, scenario } = documentKindAt(seed, documents - 1);
    if (kind === 'sale' && scenario !== 'draft' && scenario !== 'deleted') seeded++;
    // generateCompany makes at least 10 documents, whatever the scale.
    if (documents < 10) continue;
    const scale = documents / 1000;
    const count = seeded + newInvoiceCount(scale);
    if (count >= invoices) return { scale, count };
  }
}
