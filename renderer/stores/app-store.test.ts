import { describe, expect, it } from 'vitest';
import type { ContractClient } from '../bridge/contract-client';
import { createError } from '../../shared/errors/ledgerflow-error';
import { createAppStore } from './app-store';
import type { FlowSummary } from './flow-types';

const summary = (id: string, name: string): FlowSummary => ({
  id,
  name,
  mode: 'shadow',
  nodeCount: 0,
  systems: [],
  problemCount: 0,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
});

/** A client whose calls answer from a table; enough for the store's own logic. */
function fakeClient(answers: Record<string, (input: unknown) => unknown>): ContractClient {
  return {
    call: (async (channel: string, input: unknown) => {
      const answer = answers[channel];
      if (!answer) throw createError('LF-1002');
      return answer(input);
    }) as ContractClient['call'],
    on: () => () => undefined,
  };
}

const memoryStorage = () => {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  };
};

describe('app store', () => {
  it('loads the flows list and keeps it when a later refresh fails', async () => {
    let fail = false;
    const store = createAppStore({
      client: fakeClient({
        'flows.list': () => {
          if (fail) throw createError('LF-1301');
          return { flows: [summary('a', 'Invoices')] };
        },
      }),
    });
    expect(store.getState().flowsStatus).toBe('loading');
    await store.getState().refreshFlows();
    expect(store.getState().flows.map((f) => f.name)).toEqual(['Invoices']);
    fail = true;
    await store.getState().refreshFlows();
    expect(store.getState().flowsStatus).toBe('ready');
    expect(store.getState().flows).toHaveLength(1);
  });

  it('routes through the query string, keeping the fragment that holds the token', () => {
    const pushed: string[] = [];
    let url = 'http://127.0.0.1:4000/#token=abc';
    const store = createAppStore({
      client: fakeClient({}),
      currentUrl: () => url,
      history: {
        pushState: (_data, _unused, next) => {
          pushed.push(String(next));
          url = new URL(String(next), url).href;
        },
        replaceState: () => undefined,
      },
    });
    expect(store.getState().route).toEqual({ page: 'flows' });
    store.getState().navigate({ page: 'editor', flowId: 'f1' });
    expect(pushed).toEqual(['/?flow=f1#token=abc']);
    store.getState().navigate({ page: 'flows' });
    expect(pushed[1]).toBe('/#token=abc');
  });

  it('opens on the editor when the URL names a flow, and remembers the theme', () => {
    const storage = memoryStorage();
    const first = createAppStore({ client: fakeClient({}), storage, currentUrl: () => '/?flow=f9' });
    expect(first.getState().route).toEqual({ page: 'editor', flowId: 'f9' });
    expect(first.getState().themePreference).toBe('system');
    first.getState().setThemePreference('dark');
    expect(createAppStore({ client: fakeClient({}), storage }).getState().themePreference).toBe('dark');
  });

  it('shows the reconnect banner only after a first successful connection', () => {
    const store = createAppStore({ client: fakeClient({}) });
    store.getState().setConnection('closed');
    expect(store.getState().hasConnected).toBe(false);
    store.getState().setConnection('open');
    store.getState().setConnection('closed');
    expect(store.getState().hasConnected).toBe(true);
  });

  it('keeps at most four notices and lets them expire', () => {
    const timers: Array<() => void> = [];
    const store = createAppStore({ client: fakeClient({}), schedule: (run) => void timers.push(run) });
    for (let i = 0; i < 6; i++) store.getState().notify({ tone: 'success', text: `n${i}` });
    expect(store.getState().notices.map((n) => n.text)).toEqual(['n2', 'n3', 'n4', 'n5']);
    for (const run of timers) run();
    expect(store.getState().notices).toEqual([]);
  });
});
