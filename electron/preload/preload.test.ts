import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannels } from '../../shared/contract/ipc-channels';

// Electron cannot start here, so its two preload APIs are replaced with recorders; what is tested is our
// preload's own behaviour: exactly one frozen object, calls forwarded on one channel, events filtered by name.
const exposed: Record<string, unknown> = {};
const handlers = new Set<(...args: unknown[]) => void>();
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 1 }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    on: (_channel: string, handler: (...args: unknown[]) => void) => handlers.add(handler),
    removeListener: (_channel: string, handler: (...args: unknown[]) => void) => handlers.delete(handler),
  },
}));

type Bridge = {
  call(c: string, p: unknown): Promise<unknown>;
  subscribe(e: string, l: (p: unknown) => void): () => void;
};

beforeEach(async () => {
  await import('./preload');
});

describe('preload bridge', () => {
  it('exposes one frozen object with call and subscribe only', () => {
    expect(Object.keys(exposed)).toEqual(['ledgerflow']);
    const bridge = exposed.ledgerflow as Bridge;
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'subscribe']);
  });

  it('forwards calls on the one call channel', async () => {
    const bridge = exposed.ledgerflow as Bridge;
    await expect(bridge.call('flows.list', {})).resolves.toEqual({ ok: true, value: 1 });
    expect(invoke).toHaveBeenCalledWith(ipcChannels.call, 'flows.list', {});
  });

  it('delivers only the subscribed event and stops after unsubscribe', () => {
    const bridge = exposed.ledgerflow as Bridge;
    const seen: unknown[] = [];
    const off = bridge.subscribe('flows.onDidChange', (p) => seen.push(p));
    for (const h of handlers) h({}, 'app.onDidLog', { message: 'x' });
    for (const h of handlers) h({}, 'flows.onDidChange', { kind: 'created', id: 'a' });
    off();
    for (const h of handlers) h({}, 'flows.onDidChange', { kind: 'deleted', id: 'a' });
    expect(seen).toEqual([{ kind: 'created', id: 'a' }]);
    expect(handlers.size).toBe(0);
  });
});
