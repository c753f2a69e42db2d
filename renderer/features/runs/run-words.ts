import type { RunSummary } from './runs-store';

/** A run's status in a bookkeeper's words. */
export function statusWords(run: RunSummary): string {
  switch (run.status) {
    case 'planning':
      return run.mode === 'shadow' ? 'Reading and comparing…' : 'Planning…';
    case 'awaiting-confirmation':
      return 'Waiting for your confirmation';
    case 'executing':
      return 'Writing…';
    case 'succeeded':
      return run.counts.deadLetters > 0 ? 'Finished with dead letters' : 'Finished';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
  }
}

/** "Shadow run", "Live run", "Retry of dead letters", "Applied plan". */
export function runKindWords(run: RunSummary): string {
  if (run.kind === 'retry') return 'Retry of dead letters';
  if (run.kind === 'apply') return 'Applied plan';
  return `${run.mode === 'shadow' ? 'Shadow' : 'Live'} run${run.trigger === 'schedule' ? ' (scheduled)' : ''}`;
}
