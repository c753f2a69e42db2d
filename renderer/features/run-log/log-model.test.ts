import { describe, expect, it } from 'vitest';
import { LogModel, isFiltering, noFilter, type LogLevel, type LogLine } from './log-model';

const RUN = 'run-1';

function line(seq: number, extra: Partial<LogLine> = {}): LogLine {
  return {
    runId: RUN,
    flowId: 'flow-1',
    seq,
    at: new Date(Date.UTC(2025, 4, 3, 12, 0, 0, seq)).toISOString(),
    level: 'info',
    kind: 'note',
    message: `line ${seq}`,
    ...extra,
  };
}
const lines = (from: number, to: number, extra: Partial<LogLine> = {}) =>
  Array.from({ length: to - from + 1 }, (_, i) => line(from + i, extra));

/** A model whose notifications are collected and released by hand, like frames. */
function modelOf(capacity?: number) {
  const frames: Array<() => void> = [];
  const model = new LogModel({ ...(capacity ? { capacity } : {}), schedule: (flush) => frames.push(flush) });
  model.reset(RUN);
  return {
    model,
    frame() {
      for (const flush of frames.splice(0)) flush();
    },
  };
}
const shownSeqs = (model: LogModel) =>
  Array.from({ length: model.matchCount }, (_, i) => model.lineAt(i)!.seq);

describe('LogModel', () => {
  it('keeps lines in order and shows each seq once when history and live lines overlap', () => {
    const { model } = modelOf();
    model.receiveHistory(lines(1, 5));
    model.receiveLive(lines(4, 8));
    model.receiveLive([line(8), line(7), line(9)]);
    expect(shownSeqs(model)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(model.lastSeq).toBe(9);
  });

  it("ignores other runs' lines", () => {
    const { model } = modelOf();
    model.receiveLive([line(1), line(2, { runId: 'run-2' }), line(3)]);
    expect(shownSeqs(model)).toEqual([1, 3]);
  });

  it('drops the oldest lines beyond its capacity and says how many', () => {
    const { model } = modelOf(5);
    model.receiveLive([...lines(1, 4, { level: 'warn' }), ...lines(5, 8)]);
    expect(model.lineCount).toBe(5);
    expect(shownSeqs(model)).toEqual([4, 5, 6, 7, 8]);
    expect(model.hiddenBefore).toBe(3);
    expect(model.counts).toEqual({ debug: 0, info: 4, warn: 1, error: 0 });
    expect(model.matchedDropped).toBe(3);
    // Keeps working past many turns of the ring.
    model.receiveLive(lines(9, 20_000));
    expect(shownSeqs(model)).toEqual([19_996, 19_997, 19_998, 19_999, 20_000]);
    expect(model.hiddenBefore).toBe(19_995);
  });

  it('filters by level, node, record and words, and filters new lines as they arrive', () => {
    const { model } = modelOf();
    model.receiveLive([
      line(1, { level: 'debug', node: 'source', message: 'Reading all invoice' }),
      line(2, { level: 'warn', node: 'dest', recordKey: 'INV-1001', message: 'No tax code MP9' }),
      line(3, { level: 'error', node: 'dest', recordKey: 'INV-1002', message: 'Xero said: Contact missing' }),
      line(4, { level: 'info', node: 'dest', recordKey: 'inv-1010', kind: 'plan-create', message: 'create' }),
    ]);
    const levels = (on: LogLevel[]) => ({
      debug: on.includes('debug'),
      info: on.includes('info'),
      warn: on.includes('warn'),
      error: on.includes('error'),
    });

    model.setFilter({ ...noFilter, levels: levels(['warn', 'error']) });
    expect(shownSeqs(model)).toEqual([2, 3]);
    model.setFilter({ ...noFilter, node: 'dest' });
    expect(shownSeqs(model)).toEqual([2, 3, 4]);
    model.setFilter({ ...noFilter, record: ' inv-100 ' });
    expect(shownSeqs(model)).toEqual([2, 3]);
    model.setFilter({ ...noFilter, text: 'CONTACT' });
    expect(shownSeqs(model)).toEqual([3]);
    // Words also find the kind and the record key.
    model.setFilter({ ...noFilter, text: 'plan-create' });
    expect(shownSeqs(model)).toEqual([4]);
    model.setFilter({ ...noFilter, text: '1010' });
    expect(shownSeqs(model)).toEqual([4]);

    model.setFilter({ ...noFilter, levels: levels(['error']), node: 'dest' });
    expect(isFiltering(model.filter)).toBe(true);
    model.receiveLive([
      line(5, { level: 'error', node: 'dest' }),
      line(6, { level: 'error', node: 'source' }),
      line(7, { level: 'info', node: 'dest' }),
    ]);
    expect(shownSeqs(model)).toEqual([3, 5]);
    expect(model.matchedAppended).toBe(1);
    expect(model.lineCount).toBe(7);
    expect(isFiltering(noFilter)).toBe(false);
  });

  it('drops filtered lines from the front with the others', () => {
    const { model } = modelOf(4);
    model.setFilter({ ...noFilter, text: 'even' });
    model.receiveLive(lines(1, 10).map((l) => ({ ...l, message: l.seq % 2 === 0 ? 'even' : 'odd' })));
    expect(shownSeqs(model)).toEqual([8, 10]);
    expect(model.matchedDropped).toBe(3);
    expect(model.matchedAppended).toBe(5);
  });

  it('finds a seq in the filtered list', () => {
    const { model } = modelOf();
    model.receiveLive(lines(1, 10).map((l) => ({ ...l, level: l.seq % 3 === 0 ? 'error' : 'info' })));
    model.setFilter({ ...noFilter, levels: { debug: false, info: false, warn: false, error: true } });
    expect(shownSeqs(model)).toEqual([3, 6, 9]);
    expect(model.indexOfSeq(6)).toBe(1);
    expect(model.indexOfSeq(7)).toBe(2);
    expect(model.indexOfSeq(1)).toBe(0);
    expect(model.indexOfSeq(10)).toBe(3);
    expect(model.positionOf(6)).toBe(1);
    expect(model.positionOf(7)).toBeUndefined();
  });

  it('holds live lines back while the history loads, then shows them after it without duplicates', () => {
    const { model } = modelOf();
    model.beginLoading();
    model.receiveLive(lines(6, 8));
    expect(model.lineCount).toBe(0);
    expect(model.nextAfterSeq()).toBe(0);
    model.receiveHistory(lines(1, 3));
    expect(model.hasCaughtUp()).toBe(false);
    model.receiveLive(lines(9, 9));
    model.receiveHistory(lines(4, 7));
    expect(model.hasCaughtUp()).toBe(true);
    model.finishLoading();
    expect(model.isLoading).toBe(false);
    expect(shownSeqs(model)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    model.receiveLive(lines(10, 10));
    expect(model.lastSeq).toBe(10);
  });

  it('skips history that would be dropped on arrival, counting it as hidden', () => {
    const { model } = modelOf(10);
    model.beginLoading();
    model.receiveLive(lines(101, 104));
    // Room for 6 more before the waiting lines: the history starts after seq 94.
    expect(model.nextAfterSeq()).toBe(94);
    expect(model.hiddenBefore).toBe(94);
    model.receiveHistory(lines(95, 100));
    expect(model.hasCaughtUp()).toBe(true);
    model.finishLoading();
    expect(shownSeqs(model)).toEqual([95, 96, 97, 98, 99, 100, 101, 102, 103, 104]);
    expect(model.hiddenBefore).toBe(94);
  });

  it('forgets the waiting lines of an abandoned load, so the next load fetches everything in order', () => {
    const { model } = modelOf();
    model.beginLoading();
    model.receiveHistory(lines(1, 100));
    model.receiveLive(lines(150, 160));
    // The panel is hidden (or the connection drops): lines 161-300 are sent while nobody listens.
    model.cancelLoading();
    expect(model.isLoading).toBe(false);
    model.beginLoading();
    model.receiveLive(lines(301, 305));
    expect(model.nextAfterSeq()).toBe(100);
    model.receiveHistory(lines(101, 300));
    expect(model.hasCaughtUp()).toBe(true);
    model.finishLoading();
    expect(shownSeqs(model)).toEqual(Array.from({ length: 305 }, (_, i) => i + 1));
  });

  it('keeps the live lines and the reason when the history cannot be loaded', () => {
    const { model } = modelOf();
    model.beginLoading();
    model.receiveLive(lines(3, 4));
    model.finishLoading('The host is not reachable');
    expect(shownSeqs(model)).toEqual([3, 4]);
    expect(model.loadError).toBe('The host is not reachable');
  });

  it('tells its listeners once per frame, however many lines arrive', () => {
    const { model, frame } = modelOf();
    let calls = 0;
    const off = model.subscribe(() => calls++);
    for (let i = 1; i <= 100; i++) model.receiveLive([line(i)]);
    expect(calls).toBe(0);
    frame();
    expect(calls).toBe(1);
    frame();
    expect(calls).toBe(1);
    model.receiveLive([line(101)]);
    off();
    frame();
    expect(calls).toBe(1);
  });

  it('starts empty for another run and keeps the filter', () => {
    const { model } = modelOf();
    model.setFilter({ ...noFilter, text: 'line' });
    model.receiveLive(lines(1, 3));
    const generation = model.generation;
    model.reset('run-2');
    expect(model.lineCount).toBe(0);
    expect(model.generation).toBe(generation + 1);
    expect(model.filter.text).toBe('line');
    model.receiveLive(lines(1, 2, { runId: 'run-2' }));
    expect(shownSeqs(model)).toEqual([1, 2]);
  });
});
