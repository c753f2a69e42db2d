import { migrateFlowDocument, type FlowMigration, flowMigrations } from './flow-migrations';
import type { FlowProblem } from './flow-problems';
import { problemsFromZod } from './flow-problems';
import { checkFlowGraph } from './graph-checks';
import { FLOW_FORMAT, FLOW_VERSION, flowLimits, flowSchema, type Flow } from './flow.schema';
import { describeJsonType, jsonDepth } from './json-path';

/**
 * The result of reading a flow. `ok` means no `error` problems: the flow may be saved. `problems` may still
 * list `incomplete` ones (a draft that cannot run yet). A failure carries the LF code that names why.
 */
export type FlowParseResult =
  | {
      readonly ok: true;
      readonly flow: Flow;
      readonly problems: FlowProblem[];
      readonly migratedFrom?: number;
    }
  | {
      readonly ok: false;
      readonly code: 'LF-1101' | 'LF-1104' | 'LF-1105' | 'LF-1106';
      readonly problems: FlowProblem[];
    };

const fail = (
  code: 'LF-1101' | 'LF-1104' | 'LF-1105' | 'LF-1106',
  path: string,
  message: string,
): FlowParseResult => ({
  ok: false,
  code,
  problems: [{ path, message, severity: 'error' }],
});

/** Reads a flow file's text: size limit, JSON syntax (with line and column), then {@link parseFlowDocument}. */
export function parseFlowText(
  text: string,
  migrations: readonly FlowMigration[] = flowMigrations,
): FlowParseResult {
  if (text.length > flowLimits.fileBytes)
    return fail('LF-1106', '(file)', `is ${(text.length / 1e6).toFixed(1)} MB; a flow file is at most 5 MB`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    return fail('LF-1105', '(file)', `is not valid JSON: ${jsonErrorWhere(text, cause)}`);
  }
  return parseFlowDocument(doc, migrations);
}

/**
 * Validates a parsed document: depth, format and version (migrating older files forward, refusing newer ones),
 * the strict schema, then the graph checks. Never throws, whatever the input.
 */
export function parseFlowDocument(
  doc: unknown,
  migrations: readonly FlowMigration[] = flowMigrations,
): FlowParseResult {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return fail(
      'LF-1101',
      '(file)',
      `must be a JSON object (a Ledgerflow flow), but is ${describeJsonType(doc)}`,
    );
  if (jsonDepth(doc, flowLimits.jsonDepth) > flowLimits.jsonDepth)
    return fail(
      'LF-1101',
      '(file)',
      `is nested more than ${flowLimits.jsonDepth} levels deep; no flow file is`,
    );
  const record = doc as Record<string, unknown>;
  if (record.format !== FLOW_FORMAT)
    return fail(
      'LF-1101',
      'format',
      record.format === undefined
        ? `is missing; a Ledgerflow flow file has "format": "${FLOW_FORMAT}"`
        : `must be '${FLOW_FORMAT}'; this is not a Ledgerflow flow file`,
    );
  const migrated = migrateFlowDocument(record, migrations);
  if (!migrated.ok) {
    if (migrated.reason === 'newer')
      return fail(
        'LF-1104',
        'version',
        `is ${String(migrated.version)}, newer than this Ledgerflow reads (${FLOW_VERSION}); update Ledgerflow to open it`,
      );
    return fail(
      'LF-1101',
      'version',
      `${JSON.stringify(migrated.version) ?? 'is missing'}: not a flow format version (expected ${FLOW_VERSION})`,
    );
  }
  const parsed = flowSchema.safeParse(migrated.doc);
  if (!parsed.success)
    return { ok: false, code: 'LF-1101', problems: problemsFromZod(parsed.error.issues, migrated.doc) };
  const problems = checkFlowGraph(parsed.data);
  if (problems.some((p) => p.severity === 'error')) return { ok: false, code: 'LF-1101', problems };
  return migrated.migratedFrom === undefined
    ? { ok: true, flow: parsed.data, problems }
    : { ok: true, flow: parsed.data, problems, migratedFrom: migrated.migratedFrom };
}

function jsonErrorWhere(text: string, cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const at = /position (\d+)/.exec(message);
  if (!at) return message.slice(0, 200);
  const position = Number(at[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '').slice(0, 160)} at line ${line}, column ${column}`;
}
