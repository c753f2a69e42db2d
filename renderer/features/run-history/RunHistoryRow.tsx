import { memo } from 'react';
import { absoluteTime, relativeTime } from '../../lib/relative-time';
import type { DockTab, RunSummary } from '../runs/runs-store';
import { apiCallsWords, formatDuration, runDuration, runKindLabel, runOutcome } from './run-history-format';

interface RunHistoryRowProps {
  readonly run: RunSummary;
  readonly now: Date;
  /** The run the log and plan tabs show. */
  readonly isShown: boolean;
  readonly onOpenRun: (runId: string, tab: Extract<DockTab, 'log' | 'plan'>) => void;
}

/** A count cell: zero is muted so the numbers that matter stand out. */
function Count({ n, title }: { n: number | undefined; title?: string }) {
  if (n === undefined)
    return (
      <td className="cell-number muted" title={title}>
        –
      </td>
    );
  return (
    <td className={`cell-number${n === 0 ? ' is-zero' : ''}`} title={title}>
      {n.toLocaleString()}
    </td>
  );
}

/** One past (or running) run: a click anywhere on it opens its log; Log and Plan are its buttons. */
export const RunHistoryRow = memo(function RunHistoryRow({
  run,
  now,
  isShown,
  onOpenRun,
}: RunHistoryRowProps) {
  const c = run.counts;
  const duration = runDuration(run, now);
  const outcome = runOutcome(run);
  const isShadow = run.mode === 'shadow';
  const calls = apiCallsWords(c.apiCalls);
  const shadowNote = 'A shadow run writes nothing';
  return (
    <tr
      className={`run-history-row${isShown ? ' is-shown' : ''}`}
      data-testid="run-history-row"
      data-run-id={run.id}
      data-kind={run.kind}
      data-status={run.status}
      aria-current={isShown ? 'true' : undefined}
      onClick={(event) => {
        if (!(event.target as HTMLElement).closest('button, a, input')) onOpenRun(run.id, 'log');
      }}
    >
      <td className="cell-when">
        <button
          type="button"
          className="run-history-open"
          title={`${absoluteTime(run.startedAt)}: open this run's log`}
          onClick={() => onOpenRun(run.id, 'log')}
        >
          <time dateTime={run.startedAt}>{relativeTime(run.startedAt, now)}</time>
        </button>
      </td>
      <td className="cell-kind" title={calls ? `API calls: ${calls}` : undefined}>
        <span className={`run-history-mode run-history-mode-${run.mode}`} aria-hidden="true" />
        {runKindLabel(run)}
      </td>
      <td className="cell-trigger">{run.trigger === 'schedule' ? 'Schedule' : 'Manual'}</td>
      <td className="cell-duration">
        {duration ? (
          <span className={duration.isOngoing ? 'muted' : undefined}>
            {formatDuration(duration.ms)}
            {duration.isOngoing ? ' so far' : ''}
          </span>
        ) : (
          '–'
        )}
      </td>
      <Count n={c.create} />
      <Count n={c.update} />
      <Count n={c.unchanged} />
      <Count n={c.skip} />
      <Count n={c.invalid} />
      <Count n={isShadow ? undefined : c.written} title={isShadow ? shadowNote : undefined} />
      <Count n={isShadow ? undefined : c.deadLetters} title={isShadow ? shadowNote : undefined} />
      <td className="cell-outcome">
        <span className={`run-outcome run-outcome-${outcome.tone}`} data-testid="run-outcome">
          {outcome.tone === 'running' && <span className="spinner" aria-hidden="true" />}
          {outcome.text}
        </span>
        {outcome.detail && (
          <span className="run-outcome-detail" title={outcome.detail} data-testid="run-outcome-detail">
            {outcome.detail}
          </span>
        )}
      </td>
      <td className="cell-actions">
        <div className="run-history-actions">
          <button type="button" className="btn btn-ghost btn-small" onClick={() => onOpenRun(run.id, 'log')}>
            Log
          </button>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => onOpenRun(run.id, 'plan')}>
            Plan
          </button>
        </div>
      </td>
    </tr>
  );
});
