import { copyFlow } from '../engine-sandbox.test-helper';
import type { SqliteStateStore } from './sqlite-state-store';
import { emptyCounts, type NewPlanItem, type RunRow } from './state-store';

/** Stores a run of flow 'f' (the sandbox copy flow) that is still planning, for tests of the store itself. */
export function newRun(
  store: SqliteStateStore,
  id: string,
  startedAt: number,
  mode: RunRow['mode'] = 'live',
): void {
  store.createRun({
    id,
    flowId: 'f',
    mode,
    kind: 'run',
    status: 'planning',
    flow: copyFlow({ id: 'f' }),
    bindings: { src: 'a', dst: 'b' },
    scope: undefined,
    counts: emptyCounts(),
    startedAt,
  });
}

/** A planned create of record `key` at destination node 'd' from source node 's', for tests of the store. */
export function newPlanItem(key: string, overrides: Partial<NewPlanItem> = {}): NewPlanItem {
  return {
    destNode: 'd',
    entity: 'contact',
    sourceNode: 's',
    recordKey: key,
    orderKey: key,
    action: 'create',
    reason: undefined,
    targetId: undefined,
    diff: 'payload',
    payload: { name: key },
    ...overrides,
  };
}
