import { describe, expect, it } from 'vitest';
import { scheduledRunAlert } from './run-alerts';

const run = (patch: Record<string, unknown>) =>
  ({
    id: 'r1',
    flowId: 'f',
    flowName: 'Invoices to Xero',
    mode: 'live',
    kind: 'run',
    trigger: 'schedule',
    status: 'succeeded',
    counts: {
      read: 10,
      create: 2,
      update: 0,
      unchanged: 8,
      skip: 0,
      invalid: 0,
      written: 2,
      deadLetters: 0,
      apiCalls: {},
    },
    startedAt: '2026-11-21T10:00:00.000Z',
    updatedAt: '2026-11-21T10:01:00.000Z',
    finishedAt: '2026-11-21T10:01:00.000Z',
    ...patch,
  }) as Parameters<typeof scheduledRunAlert>[0];

describe('alerts for scheduled runs', () => {
  it('alerts on a failed scheduled run with its error, and on dead letters', () => {
    expect(
      scheduledRunAlert(
        run({
          status: 'failed',
          error: { code: 'LF-2004', kind: 'user', message: 'Xero needs reconnecting' },
        }),
      ),
    ).toEqual({
      tone: 'error',
      title: "Scheduled run of 'Invoices to Xero' failed",
      body: 'Xero needs reconnecting',
    });
    const counts = { ...run({}).counts, deadLetters: 3 };
    expect(scheduledRunAlert(run({ counts }))).toMatchObject({
      tone: 'warning',
      title: "'Invoices to Xero' has 3 dead letters",
    });
  });

  it('stays quiet for clean, unfinished or manually started runs', () => {
    expect(scheduledRunAlert(run({}))).toBeUndefined();
    expect(scheduledRunAlert(run({ status: 'executing', finishedAt: undefined }))).toBeUndefined();
    expect(scheduledRunAlert(run({ trigger: 'manual', status: 'failed' }))).toBeUndefined();
  });
});
