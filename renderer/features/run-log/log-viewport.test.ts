import { describe, expect, it } from 'vitest';
import { LogModel, noFilter, type LogLine } from './log-model';
import { LogViewport, type LogWindow } from './log-viewport';

const ROW = 10;

function line(seq: number, message = `line ${seq}`): LogLine {
  return {
    runId: 'run',
    flowId: 'flow',
    seq,
    at: new Date(seq).toISOString(),
    level: 'info',
    kind: 'k',
    message,
  };
}
const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => line(from + i));

/**
 * A model and a viewport 100 px high (10 rows), with a stand-in for the scroll container: `render` does what the
 * list component does on each render (lay out, commit, set scrollTop and report it).
 */
function setup(capacity = 1_000) {
  const model = new LogModel({ capacity, schedule: () => undefined });
  model.reset('run');
  const viewport = new LogViewport(model, ROW, 2);
  viewport.resize(100);
  const container = { scrollTop: 0 };
  const render = (): LogWindow => {
    const slice = viewport.layout();
    const top = viewport.commit(slice, container.scrollTop);
    if (top !== undefined) {
      container.scrollTop = top;
      viewport.noteProgrammaticScroll(top);
    }
    return slice;
  };
  const userScroll = (scrollTop: number) => {
    container.scrollTop = scrollTop;
    viewport.onScroll({ scrollTop, clientHeight: 100, scrollHeight: model.matchCount * ROW });
  };
  const firstVisibleSeq = () => model.lineAt(Math.floor(container.scrollTop / ROW))!.seq;
  return { model, viewport, container, render, userScroll, firstVisibleSeq };
}

describe('LogViewport', () => {
  it('follows the tail and renders only the rows in view', () => {
    const { model, viewport, container, render } = setup();
    model.receiveLive(lines(1, 50));
    expect(render()).toEqual({ top: 400, contentHeight: 500, first: 38, last: 50 });
    expect(container.scrollTop).toBe(400);
    model.receiveLive(lines(51, 60));
    expect(render().top).toBe(500);
    expect(viewport.isFollowing).toBe(true);
    expect(viewport.unseen()).toBe(0);
  });

  it("does not mistake its own scrolling for the user's", () => {
    const { model, viewport, container, render } = setup();
    model.receiveLive(lines(1, 50));
    render();
    // The scroll event of the view's own move arrives.
    expect(viewport.onScroll({ scrollTop: container.scrollTop, clientHeight: 100, scrollHeight: 500 })).toBe(
      false,
    );
    expect(viewport.isFollowing).toBe(true);
  });

  it('stops following when the user scrolls up, counts what arrives, and follows again at the bottom', () => {
    const { model, viewport, container, render, userScroll } = setup();
    model.receiveLive(lines(1, 50));
    render();
    userScroll(200);
    expect(viewport.isFollowing).toBe(false);
    model.receiveLive(lines(51, 80));
    expect(render().top).toBe(200);
    expect(container.scrollTop).toBe(200);
    expect(viewport.unseen()).toBe(30);
    // Back at the bottom (within half a row) it follows again.
    userScroll(800 - 100 - 4);
    expect(viewport.isFollowing).toBe(true);
    model.receiveLive(lines(81, 90));
    expect(render().top).toBe(800);
  });

  it('stops following when the user wheels up or selects, and "Jump to latest" returns to the tail', () => {
    const { model, viewport, render } = setup();
    model.receiveLive(lines(1, 50));
    render();
    viewport.pause();
    model.receiveLive(lines(51, 55));
    expect(render().top).toBe(400);
    expect(viewport.unseen()).toBe(5);
    expect(viewport.isAtBottom()).toBe(false);
    viewport.follow();
    expect(render().top).toBe(450);
    expect(viewport.unseen()).toBe(0);
    // Paused on the newest line (a line selected at the bottom): nothing to jump to.
    viewport.pause();
    expect(viewport.isAtBottom()).toBe(true);
  });

  it('keeps the same lines in view while the oldest are dropped', () => {
    const { model, render, userScroll, firstVisibleSeq } = setup(100);
    model.receiveLive(lines(1, 100));
    render();
    userScroll(500);
    expect(firstVisibleSeq()).toBe(51);
    model.receiveLive(lines(101, 130));
    render();
    expect(firstVisibleSeq()).toBe(51);
    // Once its lines are gone the view rests at the oldest one left.
    model.receiveLive(lines(131, 200));
    render();
    expect(firstVisibleSeq()).toBe(101);
  });

  it('keeps its first line in view when the filter changes', () => {
    const { model, render, userScroll, firstVisibleSeq } = setup();
    model.receiveLive(lines(1, 100).map((l) => ({ ...l, message: l.seq % 2 ? 'odd' : 'even' })));
    render();
    userScroll(410);
    expect(firstVisibleSeq()).toBe(42);
    model.setFilter({ ...noFilter, text: 'odd' });
    render();
    expect(firstVisibleSeq()).toBe(43);
  });

  it('scrolls just enough to reveal a line the keyboard moves to', () => {
    const { model, viewport, render } = setup();
    model.receiveLive(lines(1, 100));
    render();
    viewport.reveal(95);
    expect(render().top).toBe(900);
    expect(viewport.isFollowing).toBe(false);
    viewport.reveal(20);
    expect(render().top).toBe(200);
    viewport.reveal(35);
    expect(render().top).toBe(260);
    expect(viewport.lastVisibleIndex()).toBe(35);
  });

  it("follows the tail of another run's lines", () => {
    const { model, viewport, render, userScroll } = setup();
    model.receiveLive(lines(1, 100));
    render();
    userScroll(100);
    expect(viewport.isFollowing).toBe(false);
    model.reset('run-2');
    model.receiveLive(lines(1, 30).map((l) => ({ ...l, runId: 'run-2' })));
    expect(viewport.isFollowing).toBe(true);
    expect(render().top).toBe(200);
  });
});
