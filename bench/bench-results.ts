import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// `npm run bench` runs from the repository root.
const resultsFile = join(process.cwd(), 'bench', 'results.json');

/** One measured figure, with the target it is judged against. */
export interface Figure {
  readonly key: string;
  readonly value: number;
  readonly unit: string;
  /** e.g. `<= 300` or `>= 50000`; omitted where there is no target. */
  readonly target?: string;
}

function meets(value: number, target: string | undefined): string {
  if (!target) return '';
  const [op, bound] = target.split(' ') as ['<=' | '>=', string];
  const ok = op === '<=' ? value <= Number(bound) : value >= Number(bound);
  // A count that must be zero has no budget to take a share of.
  if (Number(bound) === 0) return `${ok ? 'meets' : 'MISSES'} ${target}`;
  const percent = ((value / Number(bound)) * 100).toFixed(0);
  return `${ok ? 'meets' : 'MISSES'} ${target} (${percent}% of the ${op === '<=' ? 'budget' : 'target'})`;
}

/**
 * Prints a table of figures and merges them into bench/results.json (flat keys, numbers), written atomically so
 * a killed benchmark never leaves a half-written file.
 */
export function recordFigures(title: string, figures: readonly Figure[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...figures.map((f) => f.key.length));
  for (const f of figures)
    console.log(
      `  ${f.key.padEnd(width)}  ${String(f.value).padStart(10)} ${f.unit.padEnd(10)} ${meets(f.value, f.target)}`,
    );
  const current = existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, number>)
    : {};
  for (const f of figures) current[f.key] = f.value;
  const sorted = Object.fromEntries(Object.entries(current).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(`${resultsFile}.tmp`, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(`${resultsFile}.tmp`, resultsFile);
}
