import { describe, expect, it } from 'vitest';
import { etaWords, runProgress } from './run-progress';
import type { RunSummary } from './runs-store';

const run = (status: RunSummary['status'], counts: Partial<RunSummary['counts']>): RunSummary => ({
  id: 'r',
  flowId: 'f',
  flowName: 'F',
  mode: 'live',
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
    ...counts,
  },
  startedAt: '2026-11-21T10:00:00.000Z',
  updatedAt: '2026-11-21T10:00:00.000Z',
});

describe('run progress', () => {
  it('has no fraction or ETA while reading', () => {
    expect(runProgress(run('planning', { read: 500, create: 20, unchanged: 100 }), ['xero'], [])).toEqual({
      phase: 'reading',
      fraction: undefined,
      read: 500,
      planned: 120,
      done: 0,
      total: 20,
      etaSeconds: undefined,
    });
  });

  it('never promises more than the destination’s rate budget', () => {
    // 5,000 invoices to Xero: 100 batches of 50 at 60 calls a minute → 100 s even if the sandbox is faster.
    const p = runProgress(
      run('executing', { create: 5_000 }),
      ['xero'],
      [
        { at: 0, done: 0 },
        { at: 2_000, done: 2_000 },
      ],
    );
    expect(p.fraction).toBe(0);
    expect(p.etaSeconds).toBe(100);
    // Visma eAccounting writes one record a call at 600 a minute: 1,200 records → 120 s.
    expect(runProgress(run('executing', { create: 1_200 }), ['visma-eaccounting'], []).etaSeconds).toBe(120);
  });

  it('uses the observed rate when it is slower than the budget', () => {
    const p = runProgress(
      run('executing', { create: 100, written: 40, deadLetters: 10 }),
      ['visma-eaccounting'],
      [
        { at: 0, done: 30 },
        { at: 10_000, done: 50 },
      ],
    );
    expect(p.fraction).toBe(0.5);
    expect(p.etaSeconds).toBe(25); // 50 left at 2 a second
    expect(etaWords(25)).toBe('about 25 seconds');
    expect(etaWords(600)).toBe('about 10 minutes');
  });
});
