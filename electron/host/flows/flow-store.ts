import { randomUUID } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { CallOutput } from '../../../shared/contract/contract-registry';
import { createError, UserError } from '../../../shared/errors/ledgerflow-error';
import type { FlowProblem } from '../../../shared/flow/flow-problems';
import { parseFlowDocument, parseFlowText } from '../../../shared/flow/flow-validation';
import { FLOW_FORMAT, FLOW_VERSION, type Flow } from '../../../shared/flow/flow.schema';
import type { HostLog } from '../host-log';
import type { KeyValueFile, KeyValueFileFactory } from './key-value-file';

type StoredFlow = CallOutput<'flows.get'>;
type FlowSummary = CallOutput<'flows.rename'>;

const entrySchema = z.object({ flow: z.unknown(), createdAt: z.string(), updatedAt: z.string() });
/** A stored flow; `problems` is derived once when the entry is made, never persisted. */
type Entry = { flow: Flow; createdAt: string; updatedAt: string; problems: FlowProblem[] };

/** Which store file the flows live in, and the store format's own version. */
const STORE_NAME = 'flows';
const FLOWS_KEY = 'flows';

/**
 * The user's flows, in one JSON file in the app data folder (atomic writes by conf/electron-store).
 * Every write is validated first: nothing partly valid is ever saved. A store file that cannot be read is moved
 * aside (never deleted) and the user starts with an empty list and a logged error.
 */
export class FlowStore {
  private readonly file: KeyValueFile;
  private entries: Map<string, Entry>;

  constructor(
    dataDir: string,
    open: KeyValueFileFactory,
    private readonly log: HostLog,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = openOrQuarantine(dataDir, open, log);
    this.entries = this.load();
  }

  list(): FlowSummary[] {
    return [...this.entries.values()]
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .map((entry) => summarize(entry));
  }

  /** Whether a flow with this id is stored. */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): StoredFlow {
    return toStored(this.require(id));
  }

  create(name: string): StoredFlow {
    const flow: Flow = {
      format: FLOW_FORMAT,
      version: FLOW_VERSION,
      id: randomUUID(),
      name,
      mode: 'shadow',
      connections: {},
      nodes: [],
      edges: [],
    };
    return toStored(this.put(flow));
  }

  /** Saves a whole document. Structural errors refuse the save with every problem by path. */
  save(doc: unknown): StoredFlow {
    const parsed = parseFlowDocument(doc);
    if (!parsed.ok)
      throw createError(parsed.code, 'The flow was not saved: it has problems', parsed.problems);
    return toStored(this.put(parsed.flow));
  }

  rename(id: string, name: string): FlowSummary {
    const entry = this.require(id);
    return summarize(this.put({ ...entry.flow, name }));
  }

  duplicate(id: string, name?: string): FlowSummary {
    const entry = this.require(id);
    const copy = {
      ...entry.flow,
      id: randomUUID(),
      name: name ?? this.copyName(entry.flow.name),
      mode: 'shadow' as const,
    };
    return summarize(this.put(copy));
  }

  delete(id: string): void {
    this.require(id);
    this.entries.delete(id);
    this.persist();
  }

  /**
   * Imports a flow file. A bad file is refused whole. A taken id asks the user (LF-1103) unless the policy says
   * replace or copy. Imported flows always start in shadow mode: nothing runs live until the user says so here.
   */
  import(text: string, onConflict: 'ask' | 'replace' | 'copy'): CallOutput<'flows.import'> {
    const parsed = parseFlowText(text);
    if (!parsed.ok)
      throw createError(parsed.code, 'The flow file was not imported: it has problems', parsed.problems);
    const existing = this.entries.get(parsed.flow.id);
    if (existing && onConflict === 'ask') {
      throw new UserError('LF-1103', `A flow with this id already exists: '${existing.flow.name}'`, {
        id: existing.flow.id,
        existingName: existing.flow.name,
        importedName: parsed.flow.name,
      });
    }
    const asCopy = existing !== undefined && onConflict === 'copy';
    const flow: Flow = {
      ...parsed.flow,
      mode: 'shadow',
      ...(asCopy ? { id: randomUUID(), name: this.copyName(parsed.flow.name) } : {}),
    };
    const entry = this.put(flow);
    const result = {
      summary: summarize(entry),
      problems: parsed.problems,
      replaced: existing !== undefined && !asCopy,
    };
    return parsed.migratedFrom === undefined ? result : { ...result, migratedFrom: parsed.migratedFrom };
  }

  /** The flow as a file: the document only (no timestamps, no view state, never a secret). */
  export(id: string): { fileName: string; text: string } {
    const { flow } = this.require(id);
    const slug =
      flow.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'flow';
    return { fileName: `${slug}.flow.json`, text: `${JSON.stringify(flow, null, 2)}\n` };
  }

  private copyName(name: string): string {
    const names = new Set([...this.entries.values()].map((e) => e.flow.name));
    const base = name.replace(/ \(copy(?: \d+)?\)$/, '').slice(0, 180);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? `${base} (copy)` : `${base} (copy ${n})`;
      if (!names.has(candidate)) return candidate;
    }
  }

  private require(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw createError('LF-1102', `No flow has the id '${id}'`);
    return entry;
  }

  private put(flow: Flow): Entry {
    const previous = this.entries.get(flow.id);
    const time = this.now().toISOString();
    const entry = {
      flow,
      createdAt: previous?.createdAt ?? time,
      updatedAt: time,
      problems: parseFlowDocument(flow).problems,
    };
    this.entries.set(flow.id, entry);
    try {
      this.persist();
    } catch (error) {
      // Keep memory and disk in step: a failed write leaves the previous state in both.
      if (previous) this.entries.set(flow.id, previous);
      else this.entries.delete(flow.id);
      throw error;
    }
    return entry;
  }

  private persist(): void {
    try {
      const data = Object.fromEntries(
        [...this.entries].map(([id, { flow, createdAt, updatedAt }]) => [id, { flow, createdAt, updatedAt }]),
      );
      this.file.set(FLOWS_KEY, data);
    } catch (cause) {
      throw createError('LF-1201', `Could not save flows to ${this.file.path}: ${(cause as Error).message}`);
    }
  }

  private load(): Map<string, Entry> {
    const raw = this.file.get(FLOWS_KEY);
    const entries = new Map<string, Entry>();
    if (raw === undefined) return entries;
    if (raw === null || typeof raw !== 'object') {
      this.log.error(
        'flows',
        `${this.file.path}: 'flows' is not an object; starting with no flows`,
        'LF-1101',
      );
      return entries;
    }
    for (const [id, value] of Object.entries(raw)) {
      const entry = entrySchema.safeParse(value);
      const parsed = entry.success ? parseFlowDocument(entry.data.flow) : undefined;
      if (!entry.success || !parsed?.ok || parsed.flow.id !== id) {
        // Left in the file untouched (until the next write replaces the key set); reported so nothing vanishes silently.
        this.log.error(
          'flows',
          `Flow '${id}' in ${this.file.path} could not be read and is not listed`,
          'LF-1101',
        );
        continue;
      }
      const { createdAt, updatedAt } = entry.data;
      entries.set(id, { flow: parsed.flow, createdAt, updatedAt, problems: parsed.problems });
    }
    return entries;
  }
}

function openOrQuarantine(dataDir: string, open: KeyValueFileFactory, log: HostLog): KeyValueFile {
  try {
    return open({ cwd: dataDir, name: STORE_NAME });
  } catch (error) {
    const path = join(dataDir, `${STORE_NAME}.json`);
    if (!existsSync(path)) throw error;
    const aside = `${path}.unreadable-${Date.now()}`;
    renameSync(path, aside);
    log.error(
      'flows',
      `${path} could not be read (${(error as Error).message}); it was moved to ${aside}`,
      'LF-1201',
    );
    return open({ cwd: dataDir, name: STORE_NAME });
  }
}

function toStored(entry: Entry): StoredFlow {
  return {
    flow: entry.flow,
    problems: entry.problems,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
  };
}

function summarize(entry: Entry): FlowSummary {
  const systems = new Set(Object.values(entry.flow.connections).map((c) => c.system));
  return {
    id: entry.flow.id,
    name: entry.flow.name,
    mode: entry.flow.mode,
    nodeCount: entry.flow.nodes.length,
    systems: [...systems].sort(),
    problemCount: entry.problems.filter((p) => p.severity === 'incomplete').length,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
  };
}
