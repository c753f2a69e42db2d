import { describe, expect, it } from 'vitest';
import { createRunsStore, shownRun, type RunSummary } from './runs-store';

const run = (id: string, startedAt: string, updatedAt: string, status: RunSummary['status'] = 'planning') =>
  ({
    id,
    flowId: 'f',
    flowName: 'F',
    mode: 'shadow',
    kind: 'run',
    trigger: 'manual',
    status,
    counts: {
      read: 0,
      create: 0,
      update: 0,
      unchanged: 0,
      skip: 0,
      invalid: 0,
      written: 0,
      deadLetters: 0,
      apiCalls: {},
    },
    startedAt,
    updatedAt,
  }) as RunSummary;

describe('the runs store of an open flow', () => {
  it('keeps a run announced by an event when an older list answer arrives after it', () => {
    const store = createRunsStore('f');
    store.getState().receiveRun(run('new', '2026-11-21T10:05:00Z', '2026-11-21T10:05:02Z', 'executing'));
    store
      .getState()
      .receiveRuns([
        run('new', '2026-11-21T10:05:00Z', '2026-11-21T10:05:00Z'),
        run('old', '2026-11-21T09:00:00Z', '2026-11-21T09:01:00Z', 'succeeded'),
      ]);
    const { runs } = store.getState();
    expect(runs.map((r) => [r.id, r.status])).toEqual([
      ['new', 'executing'],
      ['old', 'succeeded'],
    ]);
    expect(shownRun(store.getState())?.id).toBe('new');
  });

  it('ignores other flows’ runs and shows the selected run, else the newest', () => {
    const store = createRunsStore('f');
    store.getState().receiveRun({ ...run('x', '2026-11-21T11:00:00Z', '2026-11-21T11:00:00Z'), flowId: 'g' });
    expect(store.getState().runs).toEqual([]);
    store.getState().receiveRun(run('a', '2026-11-21T10:00:00Z', '2026-11-21T10:00:00Z'));
    store.getState().receiveRun(run('b', '2026-11-21T10:10:00Z', '2026-11-21T10:10:00Z'));
    store.getState().selectRun('a');
    expect(shownRun(store.getState())?.id).toBe('a');
    store.getState().focusRecord('rec-1');
    expect(store.getState()).toMatchObject({ isDockOpen: true, dockTab: 'plan', focusRecordKey: 'rec-1' });
  });

  it('opens the plan of an applied plan that waits for confirmation', () => {
    const store = createRunsStore('f');
    store
      .getState()
      .receiveRun({ ...run('apply', '2026-11-21T10:00:00Z', '2026-11-21T10:00:00Z'), kind: 'apply' });
    expect(store.getState().isDockOpen).toBe(false);
    store.getState().receiveRun({
      ...run('apply', '2026-11-21T10:00:00Z', '2026-11-21T10:00:05Z', 'awaiting-confirmation'),
    });
    expect(store.getState()).toMatchObject({ isDockOpen: true, dockTab: 'plan', selectedRunId: 'apply' });
  });
});
