import { createHash } from 'node:crypto';
import type { SimResponse } from './http-kit';

interface Entry {
  fingerprint: string;
  response: SimResponse;
  expiresAt: number;
}

/** Outcome of looking a key up. */
export type IdempotencyLookup =
  { kind: 'new' } | { kind: 'replay'; response: SimResponse } | { kind: 'conflict' };

/**
 * Remembers `(scope, key) → (request fingerprint, response)` for a time-to-live, so that a repeated key replays
 * the first response (stored errors included) and changes nothing (xero-notes.md §4.2 item 4).
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** `ttlMs` is simulated milliseconds. */
  constructor(public ttlMs: number) {}

  /** A fingerprint of the request: method, path+query and a hash of the body. */
  static fingerprint(method: string, pathAndQuery: string, body: Buffer): string {
    return `${method} ${pathAndQuery} ${createHash('sha256').update(body).digest('hex')}`;
  }

  /** Looks a key up. */
  lookup(scope: string, key: string, fingerprint: string, now: number): IdempotencyLookup {
    const id = `${scope}\u0000${key}`;
    const e = this.entries.get(id);
    if (!e || e.expiresAt <= now) {
      if (e) this.entries.delete(id);
      return { kind: 'new' };
    }
    return e.fingerprint === fingerprint ? { kind: 'replay', response: e.response } : { kind: 'conflict' };
  }

  /** Stores the response of a first request. */
  store(scope: string, key: string, fingerprint: string, response: SimResponse, now: number): void {
    if (this.entries.size > 50_000) this.sweep(now);
    this.entries.set(`${scope}\u0000${key}`, { fingerprint, response, expiresAt: now + this.ttlMs });
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
  }

  private sweep(now: number): void {
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
  }
}
