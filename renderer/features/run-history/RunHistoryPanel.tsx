import { useMemo } from 'react';
import { useNow } from '../../lib/useNow';
import type { DockTab, RunSummary } from '../runs/runs-store';
import { mergeRuns } from './run-history-format';
import { RunHistoryRow } from './RunHistoryRow';
import { useOlderRuns } from './useOlderRuns';
import './run-history.css';

/** Props the runs dock gives the history tab. */
export interface RunHistoryPanelProps {
  readonly flowId: string;
  /** The flow's recent runs, newest first (kept current by events). */
  readonly runs: readonly RunSummary[];
  readonly selectedRunId: string | undefined;
  /** Opens a past run's log or plan in the dock. */
  readonly onOpenRun: (runId: string, tab: Extract<DockTab, 'log' | 'plan'>) => void;
}

/**
 * The flow's runs as a table: when, what kind, how it was started, how long it took, what the plan held, what
 * was written and what was refused, and how it ended. A row opens that run's log (or its plan) in the dock.
 */
export function RunHistoryPanel({ flowId, runs, selectedRunId, onOpenRun }: RunHistoryPanelProps) {
  const now = useNow(runs.some((r) => !r.finishedAt) ? 1_000 : 30_000);
  const older = useOlderRuns(flowId, runs.length);
  const all = useMemo(() => mergeRuns(runs, older.runs), [runs, older.runs]);
  const shownId = selectedRunId ?? runs[0]?.id;

  if (all.length === 0)
    return (
      <div className="run-history-empty" data-testid="run-history-empty">
        <h3>No runs yet</h3>
        <p>
          Run the flow in shadow mode to see what it would change without writing anything. Every run, shadow
          or live, is listed here with what it did and how it ended.
        </p>
      </div>
    );

  return (
    <div className="run-history" data-testid="run-history">
      <div className="run-history-scroll">
        <table className="run-history-table" aria-label="Runs of this flow">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Run</th>
              <th scope="col">Started by</th>
              <th scope="col">Duration</th>
              <th
                scope="col"
                className="cell-number"
                title="Records the plan creates (a shadow run: would create)"
              >
                Create
              </th>
              <th
                scope="col"
                className="cell-number"
                title="Records the plan updates (a shadow run: would update)"
              >
                Update
              </th>
              <th scope="col" className="cell-number" title="Records already the same in the destination">
                Unchanged
              </th>
              <th
                scope="col"
                className="cell-number"
                title="Records left out on purpose (each with its reason)"
              >
                Skipped
              </th>
              <th scope="col" className="cell-number" title="Records that cannot be written as they are">
                Invalid
              </th>
              <th scope="col" className="cell-number" title="Records written to the destination">
                Written
              </th>
              <th scope="col" className="cell-number" title="Records the destination refused">
                Dead letters
              </th>
              <th scope="col">Outcome</th>
              <th scope="col" className="cell-actions">
                <span className="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {all.map((run) => (
              <RunHistoryRow
                key={run.id}
                run={run}
                now={now}
                isShown={run.id === shownId}
                onOpenRun={onOpenRun}
              />
            ))}
          </tbody>
        </table>
        <div className="run-history-footer">
          {older.canLoadMore ? (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              disabled={older.isLoading}
              onClick={() => void older.loadMore()}
            >
              {older.isLoading ? 'Loading…' : 'Show older runs'}
            </button>
          ) : (
            <span className="muted small">
              {all.length === 1 ? 'The only run' : `All ${all.length.toLocaleString()} runs`} of this flow.
            </span>
          )}
        </div>
      </div>
    </div>
  );
}
