import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import type { Flow } from '../../../shared/flow/flow.schema';
import type { RunSummary } from './runs-store';

/** One observation of a run's written count, for the observed rate. */
export interface ProgressSample {
  readonly at: number;
  readonly done: number;
}

/** What the progress bar shows. */
export interface RunProgress {
  readonly phase: 'reading' | 'writing' | 'waiting';
  /** 0…1 while writing; undefined while reading (the total is not known yet). */
  readonly fraction: number | undefined;
  readonly read: number;
  readonly planned: number;
  /** Writes finished (written or dead-lettered) and to do. */
  readonly done: number;
  readonly total: number;
  /** Seconds left, from the observed rate and the destinations' rate budget, whichever is slower. */
  readonly etaSeconds: number | undefined;
}

/** The systems a flow writes to. */
export function destinationSystems(flow: Flow): SystemId[] {
  const systems = new Set<SystemId>();
  for (const node of flow.nodes)
    if (node.type === 'destination' && node.config.connection) {
      const system = flow.connections[node.config.connection]?.system;
      if (system) systems.add(system);
    }
  return [...systems];
}

/**
 * A run's progress and ETA. The ETA never promises more than the destinations' published rate limits allow
 * (writes in batches of the API's size, at its calls per minute; the strictest destination counts), and never
 * more than the rate observed over the last samples.
 */
export function runProgress(
  run: RunSummary,
  systems: readonly SystemId[],
  samples: readonly ProgressSample[],
): RunProgress {
  const c = run.counts;
  const planned = c.create + c.update + c.unchanged + c.skip + c.invalid;
  const total = c.create + c.update;
  const done = Math.min(total, c.written + c.deadLetters);
  const base = { read: c.read, planned, done, total };
  if (run.status === 'planning')
    return { ...base, phase: 'reading', fraction: undefined, etaSeconds: undefined };
  if (run.status === 'awaiting-confirmation')
    return { ...base, phase: 'waiting', fraction: total ? done / total : 0, etaSeconds: undefined };
  const remaining = total - done;
  let budget = 0;
  for (const system of systems) {
    const d = connectorDescriptors[system];
    budget = Math.max(budget, (Math.ceil(remaining / d.writeBatch) / d.callsPerMinute) * 60);
  }
  const first = samples[0];
  const last = samples.at(-1);
  const observed =
    first && last && last.at - first.at >= 1_000 && last.done > first.done
      ? remaining / ((last.done - first.done) / ((last.at - first.at) / 1000))
      : undefined;
  return {
    ...base,
    phase: 'writing',
    fraction: total ? done / total : 1,
    etaSeconds: remaining === 0 ? 0 : Math.round(Math.max(budget, observed ?? 0)),
  };
}

/** "about 40 seconds", "about 3 minutes", "about 2 hours". */
export function etaWords(seconds: number): string {
  if (seconds < 5) return 'a few seconds';
  if (seconds < 90) return `about ${Math.round(seconds / 5) * 5} seconds`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} minutes`;
  return `about ${Math.round(seconds / 3600)} hours`;
}
