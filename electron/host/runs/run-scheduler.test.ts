import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createError } from '../../../shared/errors/ledgerflow-error';
import type { Flow } from '../../../shared/flow/flow.schema';
import { openConfFile } from '../flows/conf-file';
import { HostEvents } from '../host-events';
import { HostLog } from '../host-log';
import { minimumMinutes, RunScheduler, type SchedulerClock } from './run-scheduler';

/** A clock whose timers fire only when the test advances it. */
class TestClock implements SchedulerClock {
  at = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 1;
  now = () => this.at;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.at + ms, fn, id });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };
  async advance(ms: number) {
    this.at += ms;
    for (const t of this.timers.filter((x) => x.at <= this.at)) {
      this.timers = this.timers.filter((x) => x !== t);
      t.fn();
    }
    await new Promise((r) => setImmediate(r));
  }
  get pending() {
    return this.timers.length;
  }
}

const flowOf = (id: string, systems: Array<'xero' | 'visma-eaccounting'>): Flow => ({
  format: 'ledgerflow.flow',
  version: 1,
  id,
  name: `Flow ${id}`,
  mode: 'shadow',
  connections: Object.fromEntries(systems.map((s, i) => [`c${i}`, { system: s }])),
  nodes: systems.map((_, i) => ({
    id: `n${i}`,
    type: i === 0 ? 'source' : 'destination',
    position: { x: i * 300, y: 0 },
    config: { connection: `c${i}`, entity: 'contact' },
  })) as Flow['nodes'],
  edges: [],
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(flows: Record<string, Flow>, start: (flowId: string, mode: string) => Promise<unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'lf-schedules-'));
  dirs.push(dir);
  const clock = new TestClock();
  const lines: string[] = [];
  const events = new HostEvents();
  events.on('app.onDidLog', (line) => lines.push(line.message));
  const make = () =>
    new RunScheduler({
      dataDir: dir,
      openStore: openConfFile,
      log: new HostLog(events, () => undefined),
      flow: (id) => flows[id],
      start,
      clock,
    });
  return { clock, lines, make };
}

describe('run schedules', () => {
  it('keeps a flow inside half of its strictest API’s daily limit', () => {
    // Xero: 5,000 calls a day; two Xero nodes × 10 calls a run, half the budget → 125 runs a day → 12 minutes.
    expect(minimumMinutes(flowOf('a', ['xero', 'xero']))).toBe(12);
    expect(minimumMinutes(flowOf('b', ['visma-eaccounting', 'xero']))).toBe(6);
    expect(minimumMinutes(flowOf('c', ['visma-eaccounting', 'visma-eaccounting']))).toBe(1);
  });

  it('starts a delta run in the flow’s mode every N minutes, survives a restart, and stops when asked', async () => {
    const starts: string[] = [];
    const flows = { a: { ...flowOf('a', ['xero', 'xero']), mode: 'live' as const } };
    const { clock, make } = setup(flows, async (id, mode) => starts.push(`${id}:${mode}`));
    const scheduler = make();
    expect(() => scheduler.set('a', 5)).toThrow(/at most every 12 minutes.*Xero's 5,000 calls a day/);
    expect(scheduler.set('a', 15)).toMatchObject({ everyMinutes: 15, minimumMinutes: 12 });
    expect(scheduler.get('a').nextRunAt).toBe(new Date(15 * 60_000).toISOString());
    await clock.advance(14 * 60_000);
    expect(starts).toEqual([]);
    await clock.advance(60_000);
    await clock.advance(15 * 60_000);
    expect(starts).toEqual(['a:live', 'a:live']);

    // Another process (the app restarted) finds the schedule and arms it again.
    scheduler.stopAll();
    const restarted = make();
    restarted.startAll();
    expect(restarted.get('a').everyMinutes).toBe(15);
    await clock.advance(15 * 60_000);
    expect(starts).toHaveLength(3);
    restarted.set('a', null);
    await clock.advance(60 * 60_000);
    expect(starts).toHaveLength(3);
    expect(clock.pending).toBe(0);
  });

  it('skips a tick while the flow is still running and keeps the schedule after a failed start', async () => {
    let calls = 0;
    const { clock, lines, make } = setup({ a: flowOf('a', ['visma-eaccounting']) }, async () => {
      calls++;
      if (calls === 1) throw createError('LF-3010', 'This flow is already running');
      if (calls === 2)
        throw createError('LF-1108', "Choose which Xero company the flow's 'c0' connection uses");
    });
    const scheduler = make();
    scheduler.set('a', 1);
    await clock.advance(60_000);
    await clock.advance(60_000);
    await clock.advance(60_000);
    expect(calls).toBe(3);
    expect(lines.some((l) => l.includes('Skipped a scheduled run'))).toBe(true);
    expect(lines.some((l) => l.includes('could not start') && l.includes('Choose which Xero company'))).toBe(
      true,
    );
    expect(scheduler.get('a').everyMinutes).toBe(1);
  });

  it('forgets the schedule of a deleted flow', async () => {
    const flows: Record<string, Flow> = { a: flowOf('a', ['visma-eaccounting']) };
    const starts: string[] = [];
    const { clock, make } = setup(flows, async (id) => starts.push(id));
    const scheduler = make();
    scheduler.set('a', 2);
    delete flows.a;
    await clock.advance(2 * 60_000);
    expect(starts).toEqual([]);
    expect(clock.pending).toBe(0);
    expect(() => scheduler.get('a')).toThrow(/no flow/);
  });
});
