import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../runs/runs-store';
import {
  apiCallsWords,
  formatDuration,
  mergeRuns,
  runDuration,
  runKindLabel,
  runOutcome,
} from './run-history-format';

const counts = {
  read: 151,
  create: 5,
  update: 145,
  unchanged: 0,
  skip: 1,
  invalid: 0,
  written: 148,
  deadLetters: 2,
  apiCalls: { xero: 17, 'visma-eaccounting': 3 },
};

function run(patch: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 'r1',
    flowId: 'f1',
    flowName: 'Contacts',
    mode: 'live',
    kind: 'run',
    trigger: 'manual',
    status: 'succeeded',
    counts,
    startedAt: '2026-05-12T10:00:00.000Z',
    updatedAt: '2026-05-12T10:00:42.000Z',
    finishedAt: '2026-05-12T10:00:42.000Z',
    ...patch,
  };
}

describe('formatDuration', () => {
  it('says seconds, then minutes and seconds, then drops the seconds after ten minutes', () => {
    expect(formatDuration(350)).toBe('under a second');
    expect(formatDuration(1_400)).toBe('1 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(59_600)).toBe('1 min');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(14 * 60_000 + 20_000)).toBe('14 min');
  });
  it('says hours and minutes, then days and hours', () => {
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(72 * 60_000)).toBe('1 h 12 min');
    expect(formatDuration(59 * 60_000 + 50_000)).toBe('1 h');
    expect(formatDuration(51 * 3_600_000)).toBe('2 d 3 h');
    expect(formatDuration(48 * 3_600_000)).toBe('2 d');
  });
  it('gives nothing for a duration it cannot show', () => {
    expect(formatDuration(-5)).toBe('');
    expect(formatDuration(Number.NaN)).toBe('');
  });
});

describe('runDuration', () => {
  const now = new Date('2026-05-12T10:05:00.000Z');
  it('measures a finished run from start to finish', () => {
    expect(runDuration(run(), now)).toEqual({ ms: 42_000, isOngoing: false });
  });
  it('measures a running run until now', () => {
    const running = run({ status: 'executing', finishedAt: undefined });
    expect(runDuration(running, now)).toEqual({ ms: 300_000, isOngoing: true });
  });
  it('stops the clock of a run waiting for confirmation where it stopped to ask', () => {
    const waiting = run({ status: 'awaiting-confirmation', finishedAt: undefined });
    expect(runDuration(waiting, now)).toEqual({ ms: 42_000, isOngoing: false });
  });
});

describe('runOutcome', () => {
  it('says a clean run finished, and one with dead letters how many', () => {
    expect(runOutcome(run({ counts: { ...counts, deadLetters: 0 } }))).toEqual({
      tone: 'ok',
      text: 'Finished',
    });
    expect(runOutcome(run())).toEqual({ tone: 'warning', text: 'Finished with 2 dead letters' });
    expect(runOutcome(run({ counts: { ...counts, deadLetters: 1 } })).text).toBe(
      'Finished with 1 dead letter',
    );
  });
  it("gives a failed run's error message", () => {
    const failed = run({
      status: 'failed',
      error: { code: 'LF-2004', kind: 'user', message: "'Xero' needs to be reconnected" },
    });
    expect(runOutcome(failed)).toEqual({
      tone: 'error',
      text: 'Failed',
      detail: "'Xero' needs to be reconnected",
    });
  });
  it('tells a running, waiting and cancelled run apart', () => {
    expect(runOutcome(run({ status: 'planning', mode: 'shadow' })).text).toBe('Comparing…');
    expect(runOutcome(run({ status: 'executing' })).tone).toBe('running');
    expect(runOutcome(run({ status: 'awaiting-confirmation' })).tone).toBe('warning');
    expect(runOutcome(run({ status: 'cancelled' }))).toEqual({ tone: 'neutral', text: 'Cancelled' });
  });
});

describe('runKindLabel and apiCallsWords', () => {
  it('names the kind of run', () => {
    expect(runKindLabel(run({ mode: 'shadow' }))).toBe('Shadow run');
    expect(runKindLabel(run())).toBe('Live run');
    expect(runKindLabel(run({ kind: 'retry' }))).toBe('Retry of dead letters');
    expect(runKindLabel(run({ kind: 'apply' }))).toBe('Applied plan');
  });
  it('lists API calls per system by its name, leaving out systems not called', () => {
    expect(apiCallsWords({ xero: 17, 'visma-eaccounting': 3, 'visma-net': 0 })).toBe(
      'Visma eAccounting 3 · Xero 17',
    );
    expect(apiCallsWords({})).toBe('');
  });
});

describe('mergeRuns', () => {
  it('keeps the fresher recent copy of a run in both lists and orders newest first', () => {
    const recent = [run({ id: 'b', startedAt: '2026-05-12T11:00:00.000Z', status: 'executing' })];
    const older = [
      run({ id: 'b', startedAt: '2026-05-12T11:00:00.000Z', status: 'planning' }),
      run({ id: 'a', startedAt: '2026-05-12T09:00:00.000Z' }),
      run({ id: 'c', startedAt: '2026-05-12T10:00:00.000Z' }),
    ];
    const merged = mergeRuns(recent, older);
    expect(merged.map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(merged[0]!.status).toBe('executing');
  });
});
