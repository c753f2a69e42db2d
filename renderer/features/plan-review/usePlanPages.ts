import { useEffect, useMemo, useReducer } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { PlanPages } from './plan-pages';
import type { PlanAction, PlanFlagKind, PlanItem } from './plan-words';

/** How the table orders the plan. */
export type PlanOrderBy = 'plan' | 'record' | 'action' | 'changes' | 'amount' | 'flags';

/** What the table shows of a plan: filters and order. Kept as one state object, replaced on every change. */
export interface PlanQuery {
  readonly actions: readonly PlanAction[] | undefined;
  readonly flags: readonly PlanFlagKind[] | undefined;
  readonly statuses: readonly PlanItem['status'][] | undefined;
  readonly search: string;
  readonly order: { readonly by: PlanOrderBy; readonly descending: boolean };
}

/** The table's starting point: every record, in plan order. */
export const allRecords: PlanQuery = {
  actions: undefined,
  flags: undefined,
  statuses: undefined,
  search: '',
  order: { by: 'plan', descending: false },
};

/** Whether a query shows every record in plan order (a row's index is then its seq − 1). */
export const isPlanOrder = (q: PlanQuery): boolean =>
  !q.actions &&
  !q.flags &&
  !q.statuses &&
  q.search.trim() === '' &&
  q.order.by === 'plan' &&
  !q.order.descending;

/**
 * The rows of one run's plan for one query, paged from the host (rows without their detail: the table needs
 * neither diff nor record). `refreshKey` changing fetches the pages in view again.
 */
export function usePlanPages(
  runId: string | undefined,
  query: PlanQuery,
  refreshKey: string,
): { pages: PlanPages | undefined; version: number } {
  const { client } = useAppServices();
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const pages = useMemo(
    () =>
      runId === undefined
        ? undefined
        : new PlanPages(
            (page, pageSize) =>
              client.call('runs.planItems', {
                runId,
                page,
                pageSize,
                withDetail: false,
                ...(query.actions ? { actions: [...query.actions] } : {}),
                ...(query.flags ? { flags: [...query.flags] } : {}),
                ...(query.statuses ? { statuses: [...query.statuses] } : {}),
                ...(query.search.trim() ? { search: query.search.trim() } : {}),
                order: { ...query.order },
              }),
            bump,
          ),
    [client, runId, query],
  );
  useEffect(() => () => pages?.dispose(), [pages]);
  useEffect(() => {
    if (!refreshKey) return;
    pages?.refresh();
    bump();
  }, [pages, refreshKey]);
  return { pages, version };
}
