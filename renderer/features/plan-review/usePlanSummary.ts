import { useEffect, useState } from 'react';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import { useAppServices } from '../../app/useAppServices';
import type { RunSummary } from '../runs/runs-store';
import { destinationPlace, type PlanSummary } from './plan-words';

/** How often a running run's summary is read again at most. */
const REFRESH_MS = 1_500;

/** A run's plan summary and where each destination writes ("Xero Demo Company"). */
export interface PlanSummaryState {
  readonly summary: PlanSummary | undefined;
  /** destNode → the place it writes to, in words. */
  readonly places: ReadonlyMap<string, string>;
  readonly error: unknown;
}

/**
 * Loads a run's plan summary, and again as the run moves on (at most every 1.5 s while it plans or writes, and
 * when it ends), with the names of the companies its destinations write to.
 */
export function usePlanSummary(run: RunSummary): PlanSummaryState {
  const { client } = useAppServices();
  const [state, setState] = useState<PlanSummaryState>({
    summary: undefined,
    places: new Map(),
    error: undefined,
  });
  const [tick, setTick] = useState(0);
  const isMoving = run.status === 'planning' || run.status === 'executing';

  useEffect(() => {
    if (!isMoving) return;
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, [isMoving]);

  useEffect(() => {
    let isCurrent = true;
    Promise.all([
      client.call('runs.planSummary', { runId: run.id }),
      client.call('connections.list', {}).catch(() => ({ connections: [] })),
    ]).then(
      ([summary, { connections }]) => {
        if (!isCurrent) return;
        const names = new Map(connections.map((c) => [c.id, c.label]));
        const places = new Map(
          summary.destinations.map((d) => [
            d.destNode,
            destinationPlace(
              (d.connectionId && names.get(d.connectionId)) || d.connectionLabel,
              d.system && connectorDescriptors[d.system].label,
            ),
          ]),
        );
        setState({ summary, places, error: undefined });
      },
      (error: unknown) => isCurrent && setState((s) => ({ ...s, error })),
    );
    return () => {
      isCurrent = false;
    };
  }, [client, run.id, run.status, tick]);

  return state;
}
