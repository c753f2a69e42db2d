import type {
  AccountRec,
  ContactRec,
  CreditNoteRec,
  CurrencyRec,
  InvoiceRec,
  ItemRec,
  LineRec,
  OrganisationRec,
  PaymentRec,
  TaxRateRec,
  TrackingCategoryRec,
} from './xero-records';

/** The serializable state of one organisation (arrays in UpdatedDateUTC order). */
export interface XeroOrgState {
  organisation: OrganisationRec;
  accounts: AccountRec[];
  taxRates: TaxRateRec[];
  currencies: CurrencyRec[];
  trackingCategories: TrackingCategoryRec[];
  contacts: ContactRec[];
  items: ItemRec[];
  invoices: InvoiceRec[];
  creditNotes: CreditNoteRec[];
  payments: PaymentRec[];
  counters: { invoice: number; creditNote: number; taxRate: number };
  lastStamp: number;
}

/** Regenerates the lines of seeded documents (see DocRec.LineItems). */
export interface SeedLineSource {
  invoiceLines(seedIndex: number): LineRec[];
  creditNoteLines(seedIndex: number): LineRec[];
}

/** Records that carry an update timestamp. */
interface Stamped {
  UpdatedDateUTC: number;
}

/**
 * One organisation's data with its indexes (by id, by number, by contact). Maps keep insertion order, and a
 * changed record is re-inserted at the end, so iterating a map yields records in UpdatedDateUTC order — Xero's
 * default sort — without sorting or copying (this keeps 100k-invoice lists cheap).
 */
export class XeroOrgStore {
  organisation: OrganisationRec;
  readonly accounts = new Map<string, AccountRec>();
  readonly accountByCode = new Map<string, AccountRec>();
  readonly taxRates = new Map<string, TaxRateRec>();
  readonly currencies = new Map<string, CurrencyRec>();
  readonly trackingCategories = new Map<string, TrackingCategoryRec>();
  readonly contacts = new Map<string, ContactRec>();
  readonly contactByNumber = new Map<string, string>();
  /** Lower-case name → ContactIDs (names are unique among active contacts only). */
  readonly contactsByName = new Map<string, Set<string>>();
  readonly items = new Map<string, ItemRec>();
  readonly itemByCode = new Map<string, string>();
  readonly invoices = new Map<string, InvoiceRec>();
  /** InvoiceNumber (upper case) → InvoiceIDs; ACCREC numbers are unique, ACCPAY ones need not be. */
  readonly invoicesByNumber = new Map<string, string[]>();
  readonly invoicesByContact = new Map<string, Set<string>>();
  readonly creditNotes = new Map<string, CreditNoteRec>();
  readonly creditNoteByNumber = new Map<string, string>();
  readonly payments = new Map<string, PaymentRec>();
  counters = { invoice: 0, creditNote: 0, taxRate: 0 };
  lastStamp = 0;

  constructor(
    state: XeroOrgState,
    private readonly seedLines?: SeedLineSource,
  ) {
    this.organisation = state.organisation;
    for (const a of state.accounts) this.putAccount(a);
    for (const t of state.taxRates) this.taxRates.set(t.TaxType, t);
    for (const c of state.currencies) this.currencies.set(c.Code, c);
    for (const t of state.trackingCategories) this.trackingCategories.set(t.TrackingCategoryID, t);
    for (const c of state.contacts) this.putContact(c);
    for (const i of state.items) this.putItem(i);
    for (const i of state.invoices) this.putInvoice(i);
    for (const c of state.creditNotes) this.putCreditNote(c);
    for (const p of state.payments) this.payments.set(p.PaymentID, p);
    this.counters = { ...state.counters };
    this.lastStamp = state.lastStamp;
  }

  /** The lines of an invoice or credit note (regenerated from the seed when not stored). */
  linesOf(rec: InvoiceRec | CreditNoteRec): LineRec[] {
    if (rec.LineItems) return rec.LineItems;
    if (rec.seedIndex === undefined || !this.seedLines) return [];
    return 'InvoiceID' in rec
      ? this.seedLines.invoiceLines(rec.seedIndex)
      : this.seedLines.creditNoteLines(rec.seedIndex);
  }

  /** The tenant id (= OrganisationID). */
  get tenantId(): string {
    return this.organisation.OrganisationID;
  }

  /** A new UpdatedDateUTC that never goes backwards (so map order stays timestamp order). */
  stamp(now: number): number {
    this.lastStamp = Math.max(now, this.lastStamp + 1);
    return this.lastStamp;
  }

  /** Marks a record changed: new timestamp, and moved to the end of its map. */
  touch<T extends Stamped>(map: Map<string, T>, id: string, rec: T, now: number): void {
    rec.UpdatedDateUTC = this.stamp(now);
    map.delete(id);
    map.set(id, rec);
  }

  /** Adds or replaces an account and its code index. */
  putAccount(a: AccountRec): void {
    const old = this.accounts.get(a.AccountID);
    if (old) this.accountByCode.delete(old.Code.toUpperCase());
    this.accounts.set(a.AccountID, a);
    this.accountByCode.set(a.Code.toUpperCase(), a);
  }

  /** Adds a contact and indexes its number. */
  putContact(c: ContactRec): void {
    this.contacts.set(c.ContactID, c);
    if (c.ContactNumber) this.contactByNumber.set(c.ContactNumber.toUpperCase(), c.ContactID);
    this.reindexContactName(c, undefined);
  }

  /** Re-indexes a contact after its name changed. */
  reindexContactName(c: ContactRec, oldName: string | undefined): void {
    if (oldName !== undefined) this.contactsByName.get(oldName.trim().toLowerCase())?.delete(c.ContactID);
    const k = c.Name.trim().toLowerCase();
    let set = this.contactsByName.get(k);
    if (!set) this.contactsByName.set(k, (set = new Set()));
    set.add(c.ContactID);
  }

  /** Re-indexes a contact after its number changed. */
  reindexContactNumber(c: ContactRec, oldNumber: string | undefined): void {
    if (oldNumber && this.contactByNumber.get(oldNumber.toUpperCase()) === c.ContactID) {
      this.contactByNumber.delete(oldNumber.toUpperCase());
    }
    if (c.ContactNumber) this.contactByNumber.set(c.ContactNumber.toUpperCase(), c.ContactID);
  }

  /** Finds an active contact by name (case-insensitive), the uniqueness rule of xero-notes.md §1.9. */
  activeContactByName(name: string, exceptId?: string): ContactRec | undefined {
    for (const id of this.contactsByName.get(name.trim().toLowerCase()) ?? []) {
      const c = this.contacts.get(id);
      if (c && c.ContactID !== exceptId && c.ContactStatus === 'ACTIVE') return c;
    }
    return undefined;
  }

  /** Adds an item and indexes its code. */
  putItem(i: ItemRec): void {
    this.items.set(i.ItemID, i);
    this.itemByCode.set(i.Code.toUpperCase(), i.ItemID);
  }

  /** Adds an invoice and its number/contact indexes. */
  putInvoice(i: InvoiceRec): void {
    this.invoices.set(i.InvoiceID, i);
    this.indexInvoiceNumber(i, undefined);
    this.indexInvoiceContact(i, undefined);
  }

  /** Maintains the number index after InvoiceNumber changed. */
  indexInvoiceNumber(i: InvoiceRec, oldNumber: string | undefined): void {
    if (oldNumber !== undefined) {
      const k = oldNumber.toUpperCase();
      const ids = (this.invoicesByNumber.get(k) ?? []).filter((id) => id !== i.InvoiceID);
      if (ids.length) this.invoicesByNumber.set(k, ids);
      else this.invoicesByNumber.delete(k);
    }
    if (i.InvoiceNumber) {
      const k = i.InvoiceNumber.toUpperCase();
      const ids = this.invoicesByNumber.get(k);
      if (!ids) this.invoicesByNumber.set(k, [i.InvoiceID]);
      else if (!ids.includes(i.InvoiceID)) ids.push(i.InvoiceID);
    }
  }

  /** Maintains the contact index after ContactID changed. */
  indexInvoiceContact(i: InvoiceRec, oldContact: string | undefined): void {
    if (oldContact) this.invoicesByContact.get(oldContact)?.delete(i.InvoiceID);
    let set = this.invoicesByContact.get(i.ContactID);
    if (!set) this.invoicesByContact.set(i.ContactID, (set = new Set()));
    set.add(i.InvoiceID);
  }

  /** Adds a credit note and indexes its number. */
  putCreditNote(c: CreditNoteRec): void {
    this.creditNotes.set(c.CreditNoteID, c);
    if (c.CreditNoteNumber) this.creditNoteByNumber.set(c.CreditNoteNumber.toUpperCase(), c.CreditNoteID);
  }

  /** Looks up an ACCREC invoice by its (unique) number, or any invoice by number when `anyType`. */
  invoiceByNumber(num: string, type?: 'ACCREC' | 'ACCPAY'): InvoiceRec | undefined {
    for (const id of this.invoicesByNumber.get(num.toUpperCase()) ?? []) {
      const inv = this.invoices.get(id);
      if (inv && (!type || inv.Type === type) && inv.Status !== 'DELETED') return inv;
    }
    return undefined;
  }

  /** The serializable state (a deep copy, in map order, with every line materialised). */
  snapshot(): XeroOrgState {
    const materialise = <T extends InvoiceRec | CreditNoteRec>(r: T): T => {
      const { seedIndex: _seedIndex, ...rest } = r;
      return { ...rest, LineItems: this.linesOf(r) } as T;
    };
    return structuredClone({
      organisation: this.organisation,
      accounts: [...this.accounts.values()],
      taxRates: [...this.taxRates.values()],
      currencies: [...this.currencies.values()],
      trackingCategories: [...this.trackingCategories.values()],
      contacts: [...this.contacts.values()],
      items: [...this.items.values()],
      invoices: [...this.invoices.values()].map(materialise),
      creditNotes: [...this.creditNotes.values()].map(materialise),
      payments: [...this.payments.values()],
      counters: this.counters,
      lastStamp: this.lastStamp,
    });
  }
}
