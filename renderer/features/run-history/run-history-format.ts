import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import type { RunSummary } from '../runs/runs-store';

/**
 * How long something took, as a person says it: "under a second", "12 s", "3 min 5 s", "14 min", "1 h 12 min",
 * "2 d 3 h". Seconds stop mattering after ten minutes, minutes after a day.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1_000) return 'under a second';
  const seconds = Math.round(ms / 1_000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const roundMinutes = Math.round(seconds / 60);
  if (roundMinutes < 60) return `${roundMinutes} min`;
  const hours = Math.floor(roundMinutes / 60);
  if (hours < 24) return roundMinutes % 60 ? `${hours} h ${roundMinutes % 60} min` : `${hours} h`;
  const roundHours = Math.round(roundMinutes / 60);
  const days = Math.floor(roundHours / 24);
  return roundHours % 24 ? `${days} d ${roundHours % 24} h` : `${days} d`;
}

/** A run's duration: finished, or so far for a run still going; undefined when the times cannot be read. */
export function runDuration(
  run: Pick<RunSummary, 'startedAt' | 'finishedAt' | 'updatedAt' | 'status'>,
  now: Date,
): { readonly ms: number; readonly isOngoing: boolean } | undefined {
  const start = Date.parse(run.startedAt);
  const isOngoing = !run.finishedAt && (run.status === 'planning' || run.status === 'executing');
  // A run waiting for confirmation is not working: its duration is the work done until it stopped to ask.
  const end = run.finishedAt
    ? Date.parse(run.finishedAt)
    : isOngoing
      ? now.getTime()
      : Date.parse(run.updatedAt);
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return { ms: Math.max(0, end - start), isOngoing };
}

/** "Shadow run", "Live run", "Retry of dead letters", "Applied plan" (the trigger has its own column). */
export function runKindLabel(run: Pick<RunSummary, 'kind' | 'mode'>): string {
  if (run.kind === 'retry') return 'Retry of dead letters';
  if (run.kind === 'apply') return 'Applied plan';
  return run.mode === 'shadow' ? 'Shadow run' : 'Live run';
}

/** How a run ended (or where it is), with the tone the table colours it in. */
export interface RunOutcome {
  readonly tone: 'ok' | 'warning' | 'error' | 'running' | 'neutral';
  readonly text: string;
  /** The error's message of a failed run. */
  readonly detail?: string;
}

/** A run's outcome in a bookkeeper's words. */
export function runOutcome(run: Pick<RunSummary, 'status' | 'mode' | 'counts' | 'error'>): RunOutcome {
  const dead = run.counts.deadLetters;
  switch (run.status) {
    case 'planning':
      return { tone: 'running', text: run.mode === 'shadow' ? 'Comparing…' : 'Planning…' };
    case 'executing':
      return { tone: 'running', text: 'Writing…' };
    case 'awaiting-confirmation':
      return { tone: 'warning', text: 'Waiting for your confirmation' };
    case 'succeeded':
      return dead > 0
        ? {
            tone: 'warning',
            text: `Finished with ${dead.toLocaleString()} dead ${dead === 1 ? 'letter' : 'letters'}`,
          }
        : { tone: 'ok', text: 'Finished' };
    case 'failed':
      return { tone: 'error', text: 'Failed', ...(run.error ? { detail: run.error.message } : {}) };
    case 'cancelled':
      return { tone: 'neutral', text: 'Cancelled' };
  }
}

/** API calls per system, in words: "Visma eAccounting 3 · Xero 17" (empty when none were made). */
export function apiCallsWords(apiCalls: Readonly<Record<string, number>>): string {
  return Object.entries(apiCalls)
    .filter(([, n]) => n > 0)
    .map(
      ([system, n]) => `${connectorDescriptors[system as SystemId]?.label ?? system} ${n.toLocaleString()}`,
    )
    .sort()
    .join(' · ');
}

/**
 * The recent runs (kept current by events) and older pages loaded on demand, as one list newest first. A run
 * in both is taken from the recent ones: they are the fresher copy.
 */
export function mergeRuns(recent: readonly RunSummary[], older: readonly RunSummary[]): RunSummary[] {
  const ids = new Set(recent.map((r) => r.id));
  return [...recent, ...older.filter((r) => !ids.has(r.id))].sort(
    (a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id),
  );
}
