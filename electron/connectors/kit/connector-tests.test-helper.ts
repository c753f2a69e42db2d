import { expect } from 'vitest';
import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import type { AccessTokenSource, RecordPage } from './connector';

/** Reads every page of a connector's read() (tests only: unbounded). */
export async function readAll(
  pages: AsyncIterable<RecordPage>,
): Promise<{ records: CanonicalRecord[]; pages: RecordPage[] }> {
  const out: RecordPage[] = [];
  for await (const p of pages) out.push(p);
  return { records: out.flatMap((p) => p.records), pages: out };
}

/** The successful write result, or the error it carries thrown (so a failing test shows the API's message). */
export function ok<T extends { ok: boolean }>(r: T | undefined): Extract<T, { ok: true }> {
  if (!r?.ok) throw (r as unknown as { error: Error } | undefined)?.error ?? new Error('no result');
  return r as Extract<T, { ok: true }>;
}

/** Every field written comes back the same (nested objects: what was sent is contained in what came back). */
export function expectFields(written: Record<string, unknown>, read: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(written)) {
    if (v && typeof v === 'object' && !Array.isArray(v))
      expect({ field: k, value: read[k] }).toMatchObject({ field: k, value: v });
    else expect({ field: k, value: read[k] }).toEqual({ field: k, value: v });
  }
}

/** A token source over an OAuth client's refresh grant: refreshes (rotating or not) once after a 401. */
export class RefreshingTokens implements AccessTokenSource {
  refreshes = 0;
  constructor(
    private token: string,
    private refreshToken: string,
    private readonly oauth: {
      refresh(refreshToken: string): Promise<{ accessToken: string; refreshToken?: string | undefined }>;
    },
  ) {}
  async accessToken() {
    return this.token;
  }
  async refreshAfterUnauthorized(rejected: string) {
    if (rejected !== this.token) return this.token;
    const next = await this.oauth.refresh(this.refreshToken);
    this.refreshes++;
    this.token = next.accessToken;
    this.refreshToken = next.refreshToken ?? this.refreshToken;
    return this.token;
  }
}
