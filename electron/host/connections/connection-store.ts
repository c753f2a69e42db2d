import { z } from 'zod';
import { systemIds } from '../../../shared/connectors/connector-descriptor';
import { createError } from '../../../shared/errors/ledgerflow-error';
import type { KeyValueFile, KeyValueFileFactory } from '../flows/key-value-file';
import type { HostLog } from '../host-log';

/** A connection's metadata: what the file beside the flows holds. Never a secret (those are in the keychain). */
export const storedConnectionSchema = z.object({
  id: z.string(),
  system: z.enum(systemIds),
  label: z.string(),
  /** A sandbox connection's hosts are the running sandbox's (its port changes between starts). */
  isSandbox: z.boolean(),
  /** The OAuth client id (public; its secret, if any, is in the keychain). */
  clientId: z.string(),
  /** API hosts for real systems (Xero: apiHost, identityHost, loginHost). */
  hosts: z.record(z.string(), z.string()).optional(),
  tenants: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The organisation this connection works on (one grant may reach several). */
  tenantId: z.string().optional(),
  status: z.enum(['connected', 'needs-reconnect', 'not-connected']),
  statusMessage: z.string().optional(),
  lastTest: z
    .object({ ok: z.boolean(), message: z.string(), at: z.string(), contactCount: z.number().optional() })
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A connection as stored. */
export type StoredConnection = z.infer<typeof storedConnectionSchema>;

const STORE_NAME = 'connections';
const KEY = 'connections';

/** The connections file (conf in Node, electron-store in Electron), like the flows. */
export class ConnectionStore {
  private readonly file: KeyValueFile;
  private readonly entries = new Map<string, StoredConnection>();

  constructor(dataDir: string, open: KeyValueFileFactory, log: HostLog) {
    this.file = open({ cwd: dataDir, name: STORE_NAME });
    const raw = this.file.get(KEY);
    if (raw && typeof raw === 'object') {
      for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
        const parsed = storedConnectionSchema.safeParse(value);
        if (parsed.success) this.entries.set(id, parsed.data);
        else log.warn('connections', `Skipped an unreadable connection entry '${id}' in ${this.file.path}`);
      }
    }
  }

  list(): StoredConnection[] {
    return [...this.entries.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  find(id: string): StoredConnection | undefined {
    return this.entries.get(id);
  }

  get(id: string): StoredConnection {
    const entry = this.entries.get(id);
    if (!entry) throw createError('LF-2005', `There is no connection '${id}'`);
    return entry;
  }

  put(entry: StoredConnection): StoredConnection {
    const parsed = storedConnectionSchema.parse(entry);
    this.entries.set(parsed.id, parsed);
    this.save();
    return parsed;
  }

  update(id: string, patch: Partial<StoredConnection>, now: Date): StoredConnection {
    return this.put({ ...this.get(id), ...patch, id, updatedAt: now.toISOString() });
  }

  delete(id: string): void {
    this.entries.delete(id);
    this.save();
  }

  private save(): void {
    try {
      this.file.set(KEY, Object.fromEntries(this.entries));
    } catch (error) {
      throw createError('LF-1201', `Could not save the connections: ${(error as Error).message}`);
    }
  }
}
