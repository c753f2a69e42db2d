import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallOutput } from '../../../shared/contract/contract-registry';
import { parseFlowText } from '../../../shared/flow/flow-validation';
import type { HostLog } from '../host-log';

type Templates = CallOutput<'flows.templates'>['templates'];

/** Finds flows-examples/ by walking up from this module (works from the sources, dist/ and the packaged app). */
export function findExamplesDir(from: string = fileURLToPath(import.meta.url)): string | undefined {
  let dir = dirname(from);
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'flows-examples');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

/** Reads the shipped example flows; a file that does not validate is logged and left out, never offered. */
export function loadFlowTemplates(log: HostLog, dir: string | undefined = findExamplesDir()): Templates {
  if (!dir) {
    log.warn('templates', 'flows-examples/ was not found; the start screen offers no templates');
    return [];
  }
  const templates: Templates = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const parsed = parseFlowText(text);
    if (!parsed.ok) {
      log.error(
        'templates',
        `${file} is not a valid flow: ${parsed.problems[0]?.path} ${parsed.problems[0]?.message}`,
      );
      continue;
    }
    const { flow } = parsed;
    templates.push({
      id: flow.id,
      name: flow.name,
      description: flow.description ?? '',
      systems: [...new Set(Object.values(flow.connections).map((c) => c.system))].sort(),
      nodeCount: flow.nodes.length,
      text,
    });
  }
  return templates;
}
