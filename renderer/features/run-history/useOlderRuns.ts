import { useState } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';
import { RECENT_RUNS, type RunSummary } from '../runs/runs-store';

/** Runs added per "Show older runs". */
const PAGE = 50;

/** Older runs of a flow than the recent ones the editor keeps, loaded a page at a time on demand. */
export interface OlderRuns {
  readonly runs: readonly RunSummary[];
  /** There may be runs further back that a "Show older runs" would load. */
  readonly canLoadMore: boolean;
  readonly isLoading: boolean;
  loadMore(): Promise<void>;
}

/**
 * Pages further back than the recent runs. The first page is the newest `recent + PAGE` runs (so a recent run
 * that later gives way to newer ones in the editor's list stays shown); each next page is the PAGE runs before
 * the oldest one shown (`runs.list` with `before`), however far back the history goes.
 */
export function useOlderRuns(flowId: string, recentCount: number): OlderRuns {
  const { client, store } = useAppServices();
  const [runs, setRuns] = useState<readonly RunSummary[]>([]);
  const [lastPageFull, setLastPageFull] = useState<boolean | undefined>(undefined);
  const [isLoading, setLoading] = useState(false);

  const loadMore = async () => {
    const oldest = runs.at(-1);
    const limit = oldest ? PAGE : Math.max(recentCount, RECENT_RUNS) + PAGE;
    setLoading(true);
    try {
      const result = await client.call('runs.list', {
        flowId,
        limit,
        ...(oldest ? { before: oldest.id } : {}),
      });
      setRuns([...runs, ...result.runs]);
      setLastPageFull(result.runs.length >= limit);
    } catch (error) {
      store.getState().notify(errorNotice('Could not load older runs', error));
    } finally {
      setLoading(false);
    }
  };

  // Before the first page: the editor keeps RECENT_RUNS, so a full list of recent runs may have older ones.
  return {
    runs,
    canLoadMore: lastPageFull ?? recentCount >= RECENT_RUNS,
    isLoading,
    loadMore,
  };
}
