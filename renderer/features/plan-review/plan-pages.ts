import type { PlanItem } from './plan-words';

/** One page of a plan as the host answers it. */
export interface PlanPage {
  readonly items: readonly PlanItem[];
  readonly total: number;
}

/**
 * The rows of a plan table, fetched a page at a time as they scroll into view, so a 100,000-record plan costs
 * only the pages looked at. One instance per query (run, filter, order): a new query starts a new cache, and a
 * late answer for an old one lands in the old cache, never in the table. `refresh` fetches the pages in view
 * again (a live run's statuses change) and keeps the old rows shown until the new ones arrive.
 */
export class PlanPages {
  private readonly pages = new Map<number, readonly PlanItem[]>();
  private readonly loading = new Set<number>();
  private stale = new Set<number>();
  private knownTotal: number | undefined;
  private failure: unknown;
  private isDisposed = false;

  constructor(
    private readonly load: (page: number, pageSize: number) => Promise<PlanPage>,
    private readonly onChange: () => void,
    readonly pageSize = 100,
  ) {}

  /** Rows that match; undefined until the first page has answered. */
  get total(): number | undefined {
    return this.knownTotal;
  }

  /** Why the last page could not be loaded, if it could not. */
  get error(): unknown {
    return this.failure;
  }

  /** The row at `index`, if its page is loaded. */
  item(index: number): PlanItem | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** The index of a loaded row with this seq, or -1. */
  indexOfSeq(seq: number): number {
    for (const [page, items] of this.pages) {
      const i = items.findIndex((item) => item.seq === seq);
      if (i >= 0) return page * this.pageSize + i;
    }
    return -1;
  }

  /** Loads the pages rows `first`…`last` (exclusive) fall on, unless loaded (and fresh) or loading. */
  ensure(first: number, last: number): void {
    const from = Math.max(0, Math.floor(first / this.pageSize));
    const to = Math.max(from, Math.floor(Math.max(first, last - 1) / this.pageSize));
    for (let page = from; page <= to; page++) {
      if (this.knownTotal !== undefined && page * this.pageSize >= Math.max(this.knownTotal, 1)) break;
      if (this.loading.has(page) || (this.pages.has(page) && !this.stale.has(page))) continue;
      this.fetch(page);
    }
  }

  /** Marks every loaded page stale: the next `ensure` fetches the ones in view again. */
  refresh(): void {
    this.stale = new Set(this.pages.keys());
    if (this.pages.size === 0) this.fetch(0);
  }

  /** Stops reporting: answers that arrive later are dropped. */
  dispose(): void {
    this.isDisposed = true;
  }

  private fetch(page: number): void {
    this.loading.add(page);
    this.load(page, this.pageSize).then(
      (answer) => {
        this.loading.delete(page);
        if (this.isDisposed) return;
        this.pages.set(page, answer.items);
        this.stale.delete(page);
        this.knownTotal = answer.total;
        this.failure = undefined;
        this.onChange();
      },
      (error: unknown) => {
        this.loading.delete(page);
        if (this.isDisposed) return;
        this.failure = error;
        this.knownTotal ??= 0;
        this.onChange();
      },
    );
  }
}
