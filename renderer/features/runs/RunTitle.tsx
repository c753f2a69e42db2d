import { relativeTime } from '../../lib/relative-time';
import { useNow } from '../../lib/useNow';
import { runKindWords, statusWords } from './run-words';
import type { RunSummary } from './runs-store';

/** "Shadow run · 2 minutes ago · Finished", as the dock's bar shows the run it is showing. */
export function RunTitle({ run }: { run: RunSummary }) {
  const now = useNow();
  return (
    <span className="run-title" data-status={run.status}>
      <strong>{runKindWords(run)}</strong>
      <span className="muted">
        {' · '}
        <time dateTime={run.startedAt} title={new Date(run.startedAt).toLocaleString()}>
          {relativeTime(run.startedAt, now)}
        </time>
        {' · '}
      </span>
      <span className="run-status">{statusWords(run)}</span>
    </span>
  );
}
