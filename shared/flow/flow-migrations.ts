import { FLOW_VERSION } from './flow.schema';

/** One step that rewrites a flow document from `from` to `from + 1`. Pure: returns a new document. */
export interface FlowMigration {
  readonly from: number;
  readonly migrate: (doc: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * The numbered migrations, oldest first. Version 1 is the first published format, so the list is empty;
 * when version 2 ships, its step `{ from: 1, migrate }` goes here and FLOW_VERSION moves to 2.
 */
export const flowMigrations: readonly FlowMigration[] = [];

/** The result of bringing a document to the current version. */
export type MigrationResult =
  | { readonly ok: true; readonly doc: Record<string, unknown>; readonly migratedFrom?: number }
  | { readonly ok: false; readonly reason: 'newer' | 'unknown'; readonly version: unknown };

/**
 * Brings a document forward, one numbered step at a time, to `target`. A newer version is refused
 * (this Ledgerflow cannot know what it means); a version with no migration path is refused too.
 */
export function migrateFlowDocument(
  doc: Record<string, unknown>,
  migrations: readonly FlowMigration[] = flowMigrations,
  target: number = FLOW_VERSION,
): MigrationResult {
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return { ok: false, reason: 'unknown', version };
  if (version > target) return { ok: false, reason: 'newer', version };
  let current = doc;
  for (let v = version; v < target; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) return { ok: false, reason: 'unknown', version };
    current = { ...step.migrate(current), version: v + 1 };
  }
  return version === target ? { ok: true, doc: current } : { ok: true, doc: current, migratedFrom: version };
}
