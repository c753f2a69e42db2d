import { describe, expect, it } from 'vitest';
import { pageNumbers, type FetchedPage } from './paging';

/** A list of `total` numbers served `size` a page, recording which pages were asked for and when. */
function list(total: number, size: number, announce = true) {
  const asked: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const fetchPage = async (page: number): Promise<FetchedPage<number>> => {
    asked.push(page);
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 2));
    inFlight--;
    if (page === 4 && total < 0) throw new Error('page 4 failed');
    const n = Math.abs(total);
    const items = Array.from(
      { length: Math.max(0, Math.min(size, n - (page - 1) * size)) },
      (_, i) => (page - 1) * size + i,
    );
    return { items, ...(announce ? { pageCount: Math.ceil(n / size) } : {}) };
  };
  return { asked, fetchPage, mostInFlight: () => mostInFlight };
}

describe('pageNumbers: page by page, reading ahead once the whole list is wanted', () => {
  it('hands on every page in order, one request per page, at most one ahead', async () => {
    for (const announce of [true, false]) {
      const l = list(95, 10, announce);
      const seen: number[] = [];
      for await (const p of pageNumbers(l.fetchPage, 10)) {
        await new Promise((r) => setTimeout(r, 5));
        seen.push(...p.items);
      }
      expect(seen).toEqual(Array.from({ length: 95 }, (_, i) => i));
      expect([...l.asked].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect(l.mostInFlight()).toBeLessThanOrEqual(1);
    }
  });

  it('fetches the next page while the caller works on this one, from the second page on', async () => {
    const l = list(50, 10);
    const askedWhenHandedOn: number[][] = [];
    for await (const p of pageNumbers(l.fetchPage, 10)) askedWhenHandedOn[p.page] = [...l.asked];
    expect(askedWhenHandedOn[1]).toEqual([1]);
    expect(askedWhenHandedOn[2]).toEqual([1, 2, 3]);
    expect(askedWhenHandedOn[4]).toEqual([1, 2, 3, 4, 5]);
    expect(askedWhenHandedOn[5]).toEqual([1, 2, 3, 4, 5]);
  });

  it('a caller that wants one page costs one request', async () => {
    const l = list(50, 10);
    for await (const p of pageNumbers(l.fetchPage, 10)) if (p.page === 1) break;
    await new Promise((r) => setTimeout(r, 10));
    expect(l.asked).toEqual([1]);
  });

  it('a page that fails fails where the caller reaches it', async () => {
    const l = list(-50, 10);
    const seen: number[] = [];
    await expect(async () => {
      for await (const p of pageNumbers(l.fetchPage, 10)) seen.push(p.page);
    }).rejects.toThrow('page 4 failed');
    expect(seen).toEqual([1, 2, 3]);
  });
});
