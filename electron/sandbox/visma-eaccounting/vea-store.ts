import type { Obj, VeaCompanyState } from './vea-seed';

/** Regenerates the rows of a seeded invoice (see VeaCompanyState.seedRows). */
export type VeaRowSource = (index: number, credit: boolean) => Obj[];

/**
 * The eAccounting company's data with its indexes. Records are the API's own objects (every declared property
 * present), kept in Maps whose insertion order is creation order — the order lists come back in. Seeded invoices
 * keep no rows; `rowsOf` regenerates them from the seed until the invoice's rows are stored.
 */
export class VeaStore {
  readonly companyId: string;
  readonly name: string;
  readonly currency: string;
  readonly customers = new Map<string, Obj>();
  readonly articles = new Map<string, Obj>();
  readonly units = new Map<string, Obj>();
  readonly codings = new Map<string, Obj>();
  readonly vatCodes = new Map<string, Obj>();
  readonly terms = new Map<string, Obj>();
  readonly bankAccounts = new Map<string, Obj>();
  readonly fiscalYears = new Map<string, Obj>();
  /** Key `${FiscalYearId}:${Number}`. */
  readonly accounts = new Map<string, Obj>();
  readonly drafts = new Map<string, Obj>();
  readonly invoices = new Map<string, Obj>();
  readonly ledgerItems = new Map<string, Obj>();
  readonly vouchers = new Set<string>();
  private readonly seedRows = new Map<string, [number, boolean]>();
  private readonly lists = new Map<string, unknown[]>();
  counters: VeaCompanyState['counters'];
  private lastStamp: number;

  constructor(
    state: VeaCompanyState,
    private readonly rowSource?: VeaRowSource,
  ) {
    this.companyId = state.companyId;
    this.name = state.name;
    this.currency = state.currency;
    const fill = (m: Map<string, Obj>, list: Obj[], key: (o: Obj) => string = (o) => String(o.Id)): void => {
      for (const o of list) m.set(key(o), o);
    };
    fill(this.customers, state.customers);
    fill(this.articles, state.articles);
    fill(this.units, state.units);
    fill(this.codings, state.codings);
    fill(this.vatCodes, state.vatCodes);
    fill(this.terms, state.terms);
    fill(this.bankAccounts, state.bankAccounts);
    fill(this.fiscalYears, state.fiscalYears);
    fill(this.accounts, state.accounts, (a) => `${String(a.FiscalYearId)}:${String(a.Number)}`);
    fill(this.drafts, state.drafts);
    fill(this.invoices, state.invoices);
    fill(this.ledgerItems, state.ledgerItems);
    for (const v of state.vouchers) this.vouchers.add(v);
    if (rowSource) for (const [id, index, credit] of state.seedRows) this.seedRows.set(id, [index, credit]);
    this.counters = { ...state.counters };
    this.lastStamp = state.lastStamp;
  }

  /**
   * The filtered and sorted records of a list query (`key`: path and query without paging), computed once until
   * the data changes (`changed`), so the pages of one long list do not each filter and sort it again.
   */
  listMatches<R>(key: string, compute: () => R[]): R[] {
    const hit = this.lists.get(key);
    if (hit) return hit as R[];
    const matches = compute();
    // A few queries at a time are walked page by page; forget the oldest beyond that.
    if (this.lists.size >= 8) this.lists.delete(this.lists.keys().next().value!);
    this.lists.set(key, matches);
    return matches;
  }

  /** Forgets cached list results: called before every request that may change data. */
  changed(): void {
    this.lists.clear();
  }

  /** A change timestamp: simulated now, but strictly after every earlier stamp. */
  stamp(now: number): number {
    this.lastStamp = Math.max(this.lastStamp + 1, now);
    return this.lastStamp;
  }

  /** The rows of an invoice (stored, or regenerated from the seed). */
  rowsOf(inv: Obj): Obj[] {
    const seed = this.seedRows.get(String(inv.Id));
    if (seed && this.rowSource) return this.rowSource(seed[0], seed[1]);
    return Array.isArray(inv.Rows) ? (inv.Rows as Obj[]) : [];
  }

  /** Stores an invoice's rows (before it changes) so they no longer come from the seed. */
  materialize(inv: Obj): void {
    inv.Rows = this.rowsOf(inv);
    this.seedRows.delete(String(inv.Id));
  }

  /** Finds a customer by CustomerNumber. */
  customerByNumber(no: string): Obj | undefined {
    for (const c of this.customers.values()) if (c.CustomerNumber === no) return c;
    return undefined;
  }

  /** Serializable state; every row is written out, so a snapshot does not depend on the seed. */
  snapshot(): VeaCompanyState {
    const invoices = [...this.invoices.values()].map((i) => ({ ...i, Rows: this.rowsOf(i) }));
    const clone = (m: Map<string, Obj>): Obj[] => structuredClone([...m.values()]);
    return {
      companyId: this.companyId,
      name: this.name,
      currency: this.currency,
      customers: clone(this.customers),
      articles: clone(this.articles),
      units: clone(this.units),
      codings: clone(this.codings),
      vatCodes: clone(this.vatCodes),
      terms: clone(this.terms),
      bankAccounts: clone(this.bankAccounts),
      fiscalYears: clone(this.fiscalYears),
      accounts: clone(this.accounts),
      drafts: clone(this.drafts),
      invoices: structuredClone(invoices),
      ledgerItems: clone(this.ledgerItems),
      vouchers: [...this.vouchers],
      seedRows: [],
      counters: { ...this.counters },
      lastStamp: this.lastStamp,
    };
  }
}
