import type { EntityName } from '../records/entities';

/** The systems Ledgerflow connects to. */
export const systemIds = ['xero', 'visma-eaccounting', 'visma-net'] as const;

/** One system id. */
export type SystemId = (typeof systemIds)[number];

/** What a connector can do with one entity: pure data the palette and the flow checks read. */
export interface EntityCapability {
  /** The API's own name for it, e.g. `Invoices` or `customerinvoices`. */
  readonly apiName: string;
  /** Whether a source node can read it. */
  readonly canRead: boolean;
  /** Whether a destination node can write it. */
  readonly canWrite: boolean;
  /** Keys a destination may match existing records on, in the order tried. */
  readonly matchKeys: readonly string[];
}

/** A connector as pure data (STYLE.md §5): what the palette and the forms show. */
export interface ConnectorDescriptor {
  readonly system: SystemId;
  readonly label: string;
  /** Short mark drawn on nodes when no logo is shown. */
  readonly mark: { readonly initials: string; readonly color: string };
  /** API calls a day one company may make (the published limit; schedules are kept well inside it). */
  readonly callsPerDay: number;
  /** API calls a minute one company may make (the published limit). */
  readonly callsPerMinute: number;
  /** Records one write call carries (Xero takes 50 per request; the Visma APIs one). */
  readonly writeBatch: number;
  readonly entities: Partial<Record<EntityName, EntityCapability>>;
}
