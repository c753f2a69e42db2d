import type { EventPayload } from '../contract/contract-registry';

type RunSummary = EventPayload<'runs.onDidChange'>;

/** What to tell the user about a finished run nobody was watching. */
export interface RunAlert {
  readonly title: string;
  readonly body: string;
  readonly tone: 'error' | 'warning';
}

/**
 * A scheduled run that failed or left dead letters deserves an alert (an OS notification in Electron, an in-app
 * notice in the browser); a run the user started, they are watching, and a clean scheduled run is no news.
 */
export function scheduledRunAlert(run: RunSummary): RunAlert | undefined {
  if (run.trigger !== 'schedule' || run.finishedAt === undefined) return undefined;
  if (run.status === 'failed')
    return {
      tone: 'error',
      title: `Scheduled run of '${run.flowName}' failed`,
      body: run.error?.message ?? 'Open the flow to see its log.',
    };
  if (run.counts.deadLetters > 0)
    return {
      tone: 'warning',
      title: `'${run.flowName}' has ${run.counts.deadLetters} dead letter${run.counts.deadLetters === 1 ? '' : 's'}`,
      body: 'Some records could not be written. Open the flow’s dead letters to fix and retry them.',
    };
  return undefined;
}
