import { describe, expect, it } from 'vitest';
import { FaultInjector } from './fault-injector';
import { IdempotencyStore } from './idempotency-store';
import { Prng } from './prng';
import { RateLimiter } from './rate-limiter';
import { Router } from './router';
import { SimClock } from './sim-clock';

describe('Prng', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const sa = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(sa);
  });
  it('makes version-4-shaped UUIDs and stays within int bounds', () => {
    const p = new Prng(1);
    expect(p.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (let i = 0; i < 1000; i++) {
      const n = p.int(3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
    }
  });
});

describe('RateLimiter', () => {
  const settings = (over = {}) => ({
    enabled: true,
    concurrent: 2,
    windows: [
      { name: 'minute', scope: 'tenant' as const, limit: 3, windowMs: 60_000 },
      { name: 'appminute', scope: 'app' as const, limit: 5, windowMs: 60_000 },
    ],
    ...over,
  });
  it('counts fixed windows per tenant and reports the breached window with a retry time', () => {
    const clock = new SimClock();
    const rl = new RateLimiter(settings(), clock);
    for (let i = 0; i < 3; i++) {
      const d = rl.acquire('t1', 'app');
      expect(d.ok).toBe(true);
      if (d.ok) d.release();
    }
    const d = rl.acquire('t1', 'app');
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.problem).toBe('minute');
      expect(d.retryAfterSimMs).toBeGreaterThan(0);
      expect(d.retryAfterSimMs).toBeLessThanOrEqual(60_000);
    }
    // another tenant has its own window, but shares the app window (3 used + 2 = 5)
    expect(rl.acquire('t2', 'app').ok).toBe(true);
    expect(rl.acquire('t2', 'app').ok).toBe(true);
    const app = rl.acquire('t3', 'app');
    expect(app.ok ? 'ok' : app.problem).toBe('appminute');
    clock.advance(60_000);
    expect(rl.acquire('t1', 'app').ok).toBe(true);
  });
  it('limits calls in flight and frees a slot on release', () => {
    const rl = new RateLimiter(settings({ windows: [] }), new SimClock());
    const a = rl.acquire('t', 'x');
    const b = rl.acquire('t', 'x');
    const c = rl.acquire('t', 'x');
    expect(c.ok ? 'ok' : c.problem).toBe('concurrent');
    if (a.ok) a.release();
    expect(rl.acquire('t', 'x').ok).toBe(true);
    expect(b.ok).toBe(true);
  });
  it('admits everything when disabled', () => {
    const rl = new RateLimiter(settings({ enabled: false }), new SimClock());
    for (let i = 0; i < 20; i++) expect(rl.acquire('t', 'x').ok).toBe(true);
  });
});

describe('SimClock', () => {
  it('runs faster with a time scale and converts durations back to real time', async () => {
    const c = new SimClock(1000);
    const t0 = c.now();
    await new Promise((r) => setTimeout(r, 20));
    expect(c.now() - t0).toBeGreaterThanOrEqual(10_000);
    expect(c.toRealMs(60_000)).toBe(60);
    c.advance(5000);
    expect(c.now() - t0).toBeGreaterThanOrEqual(15_000);
  });
});

describe('FaultInjector', () => {
  it('consumes one-shot faults in order and repeats random faults for a seed', () => {
    const f = new FaultInjector({
      burst429: { count: 1, problem: 'minute', retryAfterSec: 2 },
      failNext: { status: 503, count: 1 },
    });
    expect(f.plan().rateLimited).toEqual({ problem: 'minute', retryAfterSec: 2 });
    expect(f.plan().failStatus).toBe(503);
    expect(f.plan().failStatus).toBeUndefined();
    const seq = (seed: number) => {
      const g = new FaultInjector({ errorRate: 0.5, seed });
      return Array.from({ length: 20 }, () => g.plan().failStatus ?? 0);
    };
    expect(seq(9)).toEqual(seq(9));
    expect(seq(9).filter((s) => s > 0).length).toBeGreaterThan(0);
    expect(() => new FaultInjector().patch({ errorRate: 2 })).toThrow(/between 0 and 1/);
  });
});

describe('IdempotencyStore', () => {
  it('replays a matching request, flags a different one and forgets after the TTL', () => {
    const s = new IdempotencyStore(1000);
    const fp = IdempotencyStore.fingerprint('PUT', '/x', Buffer.from('{}'));
    const other = IdempotencyStore.fingerprint('PUT', '/x', Buffer.from('{"a":1}'));
    s.store('t', 'k', fp, { status: 200, headers: {}, body: 'first' }, 0);
    expect(s.lookup('t', 'k', fp, 10)).toEqual({
      kind: 'replay',
      response: { status: 200, headers: {}, body: 'first' },
    });
    expect(s.lookup('t', 'k', other, 10).kind).toBe('conflict');
    expect(s.lookup('t2', 'k', fp, 10).kind).toBe('new');
    expect(s.lookup('t', 'k', fp, 2000).kind).toBe('new');
  });
});

describe('Router', () => {
  it('matches case-insensitively, captures decoded params and tells 404 from 405', () => {
    const r = new Router<string>(true).add('GET', '/Invoices/:id', 'one').add('GET', '/Invoices', 'list');
    const m = r.match('GET', '/invoices/INV%2F1');
    expect(m.kind === 'found' && m.params.id).toBe('INV/1');
    expect(r.match('DELETE', '/Invoices').kind).toBe('method-not-allowed');
    expect(r.match('GET', '/Nope').kind).toBe('not-found');
  });
});
