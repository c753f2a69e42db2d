import { useState } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';
import { RECENT_RUNS, type RunSummary } from '../runs/runs-store';

/** Runs added per "Show older runs". */
const PAGE = 50;
/** The most `runs.list` returns in one call. */
export const MAX_HISTORY = 500;

/** Older runs of a flow than the recent ones the editor keeps, loaded a page at a time on demand. */
export interface OlderRuns {
  readonly runs: readonly RunSummary[];
  /** There may be runs further back that a "Show older runs" would load. */
  readonly canLoadMore: boolean;
  /** The contract's limit was reached: runs older than these cannot be shown. */
  readonly isCapped: boolean;
  readonly isLoading: boolean;
  loadMore(): Promise<void>;
}

/**
 * Pages further back than the recent runs. `runs.list` has no cursor, so each page asks for the newest
 * `shown + PAGE` runs again (at most MAX_HISTORY) and keeps them; the recent ones stay current by events.
 */
export function useOlderRuns(flowId: string, recentCount: number): OlderRuns {
  const { client, store } = useAppServices();
  const [runs, setRuns] = useState<readonly RunSummary[]>([]);
  const [limit, setLimit] = useState(0);
  const [isLoading, setLoading] = useState(false);

  const loadMore = async () => {
    const next = Math.min(MAX_HISTORY, Math.max(limit, recentCount) + PAGE);
    setLoading(true);
    try {
      const result = await client.call('runs.list', { flowId, limit: next });
      setRuns(result.runs);
      setLimit(next);
    } catch (error) {
      store.getState().notify(errorNotice('Could not load older runs', error));
    } finally {
      setLoading(false);
    }
  };

  // Before the first page: the editor keeps RECENT_RUNS, so a full list of recent runs may have older ones.
  const isFull = limit === 0 ? recentCount >= RECENT_RUNS : runs.length >= limit;
  return {
    runs,
    canLoadMore: isFull && limit < MAX_HISTORY,
    isCapped: isFull && limit >= MAX_HISTORY,
    isLoading,
    loadMore,
  };
}
