import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for tests that read fixtures. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Every flow in flows-examples/, as text and parsed JSON. */
export function loadFlowExamples(): Array<{ file: string; text: string; doc: Record<string, unknown> }> {
  const dir = join(repoRoot, 'flows-examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return { file, text, doc: JSON.parse(text) as Record<string, unknown> };
    });
}

/** A small seeded PRNG (mulberry32) so fuzz cases are the same on every run and a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
