import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocketTransport } from './websocket-transport';

/** A stand-in for the browser's WebSocket: the test opens, answers and drops it by hand. */
class FakeSocket extends EventTarget {
  static readonly OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  readonly sent: unknown[] = [];
  constructor(readonly url: string) {
    super();
    FakeSocket.instances.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }
  drop() {
    this.readyState = 3;
    this.dispatchEvent(new Event('close'));
  }
  answer(id: number, value: unknown) {
    const data = JSON.stringify({ t: 'result', id, result: { ok: true, value } });
    this.dispatchEvent(Object.assign(new Event('message'), { data }));
  }
}

describe('WebSocketTransport', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('fails a call that was on the wire when the socket drops', async () => {
    const transport = new WebSocketTransport('ws://host/ws');
    FakeSocket.instances[0]!.open();
    const result = transport.call('flows.list', {});
    FakeSocket.instances[0]!.drop();
    await expect(result).resolves.toMatchObject({ ok: false, error: { code: 'LF-1301' } });
    transport.close();
  });

  it('keeps a call made while disconnected until a socket opens, through failed attempts', async () => {
    const transport = new WebSocketTransport('ws://host/ws');
    const result = transport.call('flows.delete', { id: 'a' });
    FakeSocket.instances[0]!.drop(); // the first attempt fails before opening
    await vi.advanceTimersByTimeAsync(300);
    const second = FakeSocket.instances[1]!;
    second.open();
    expect(second.sent).toEqual([{ t: 'call', id: 1, channel: 'flows.delete', payload: { id: 'a' } }]);
    second.answer(1, { id: 'a' });
    await expect(result).resolves.toEqual({ ok: true, value: { id: 'a' } });
    transport.close();
  });

  it('stops retrying and fails waiting calls with LF-1003 when the host rejects the token', async () => {
    const states: string[] = [];
    const transport = new WebSocketTransport(
      'ws://host/ws',
      (s) => states.push(s),
      async () => 'rejected',
    );
    const result = transport.call('flows.list', {});
    FakeSocket.instances[0]!.drop();
    await expect(result).resolves.toMatchObject({ ok: false, error: { code: 'LF-1003' } });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(states).toEqual(['connecting', 'closed', 'rejected']);
  });

  it('keeps retrying while the host is merely unreachable', async () => {
    const transport = new WebSocketTransport(
      'ws://host/ws',
      () => undefined,
      async () => 'unreachable',
    );
    FakeSocket.instances[0]!.drop();
    await vi.advanceTimersByTimeAsync(300);
    FakeSocket.instances[1]!.drop();
    await vi.advanceTimersByTimeAsync(600);
    expect(FakeSocket.instances).toHaveLength(3);
    transport.close();
  });
});
