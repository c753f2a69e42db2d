/** One page as a paged API returns it. */
export interface FetchedPage<T> {
  readonly items: readonly T[];
  /** The API's page count, when it says (Xero's `pagination.pageCount`). */
  readonly pageCount?: number | undefined;
}

/**
 * Walks a 1-based page-numbered list until the last page the API announces (or, when it announces none, a short or
 * empty page). Memory stays bounded: at most two pages are held. Once the caller comes back for a second page it
 * is reading the whole list, so from then on the next page is fetched while the caller works on this one (a
 * caller that wants one page, a sample, costs one request).
 */
export async function* pageNumbers<T>(
  fetchPage: (page: number) => Promise<FetchedPage<T>>,
  pageSize: number,
  signal?: AbortSignal,
): AsyncGenerator<{ page: number; items: readonly T[]; pageCount?: number | undefined }> {
  let ahead: Promise<FetchedPage<T>> | undefined;
  for (let page = 1; ; page++) {
    signal?.throwIfAborted();
    const result = await (ahead ?? fetchPage(page));
    ahead = undefined;
    const isLast = result.pageCount !== undefined ? page >= result.pageCount : result.items.length < pageSize;
    // An empty page ends the walk unless the API announced more pages (a page may map to no records).
    const ends = isLast || (result.pageCount === undefined && result.items.length === 0);
    if (!ends && page >= 2) {
      ahead = fetchPage(page + 1);
      // A caller that stops early never awaits it: its failure must not go unhandled.
      ahead.catch(() => undefined);
    }
    if (result.items.length > 0) yield { page, items: result.items, pageCount: result.pageCount };
    if (ends) return;
  }
}

/** Splits a list into batches of at most `size` (Xero: 50 per request). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** At most `limit` tasks at a time (Xero allows 5 concurrent calls per tenant). */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A released slot is handed straight to the next waiter, so a newcomer cannot slip in between.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
