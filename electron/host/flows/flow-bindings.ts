import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import type { CallOutput } from '../../../shared/contract/contract-registry';
import { createError } from '../../../shared/errors/ledgerflow-error';
import type { Flow } from '../../../shared/flow/flow.schema';
import type { KeyValueFile, KeyValueFileFactory } from './key-value-file';

/** What the binding store needs to know of the user's connections. */
export interface BindableConnection {
  readonly id: string;
  readonly system: SystemId;
  readonly label: string;
  readonly status: 'connected' | 'needs-reconnect' | 'not-connected';
}

type BindingView = CallOutput<'flows.bindings'>['bindings'][number];

const STORE_NAME = 'flow-bindings';
const KEY = 'bindings';

/**
 * Binds a flow's connection references (`{system, label}` in the file) to the user's own connections. The
 * bindings are this machine's, not the flow's: they live beside the flows, never in the flow file, so an exported
 * flow carries no connection ids. An explicit choice wins; otherwise the one connection of the system with the
 * reference's label, or the only connection of the system, is used without asking. A binding to a removed
 * connection no longer counts.
 */
export class FlowBindings {
  private readonly file: KeyValueFile;

  constructor(
    dataDir: string,
    open: KeyValueFileFactory,
    private readonly connections: () => readonly BindableConnection[],
  ) {
    this.file = open({ cwd: dataDir, name: STORE_NAME });
  }

  /** Each reference of the flow with its binding (explicit or automatic) and the connections it could bind to. */
  view(flow: Flow): BindingView[] {
    const explicit = this.explicit(flow.id);
    const all = this.connections();
    return Object.entries(flow.connections).map(([ref, { system, label }]) => {
      const candidates = all.filter((c) => c.system === system);
      const chosen = candidates.find((c) => c.id === explicit[ref]);
      const sameLabel = candidates.filter((c) => label !== undefined && c.label === label);
      const automatic =
        sameLabel.length === 1 ? sameLabel[0] : candidates.length === 1 ? candidates[0] : undefined;
      const bound = chosen ?? automatic;
      return {
        ref,
        system,
        ...(label === undefined ? {} : { label }),
        connectionId: bound?.id ?? null,
        isAutomatic: bound !== undefined && chosen === undefined,
        candidates: candidates.map((c) => ({ id: c.id, label: c.label, status: c.status })),
      };
    });
  }

  /** Binds (or, with null, unbinds) one reference. The connection must exist and be of the reference's system. */
  bind(flow: Flow, ref: string, connectionId: string | null): BindingView[] {
    const reference = flow.connections[ref];
    if (!reference) throw createError('LF-1001', `The flow has no connection reference '${ref}'`);
    if (connectionId !== null) {
      const connection = this.connections().find((c) => c.id === connectionId);
      if (!connection) throw createError('LF-2005', `No connection has the id '${connectionId}'`);
      if (connection.system !== reference.system)
        throw createError(
          'LF-1001',
          `'${connection.label}' is a ${connectorDescriptors[connection.system].label} connection; '${ref}' needs ${connectorDescriptors[reference.system].label}`,
        );
    }
    const all = this.all();
    const forFlow = { ...(all[flow.id] ?? {}) };
    if (connectionId === null) delete forFlow[ref];
    else forFlow[ref] = connectionId;
    this.file.set(KEY, { ...all, [flow.id]: forFlow });
    return this.view(flow);
  }

  /**
   * The binding of every reference, for a run. Throws LF-1108 naming the first reference that is not bound,
   * so the user learns which one to choose.
   */
  resolve(flow: Flow): Record<string, string> {
    const resolved: Record<string, string> = {};
    for (const binding of this.view(flow)) {
      if (binding.connectionId === null) {
        const system = connectorDescriptors[binding.system].label;
        throw createError(
          'LF-1108',
          binding.candidates.length === 0
            ? `The flow's '${binding.ref}' connection needs a ${system} company, and none is connected`
            : `Choose which ${system} company the flow's '${binding.ref}' connection uses`,
          { ref: binding.ref, system: binding.system },
        );
      }
      resolved[binding.ref] = binding.connectionId;
    }
    return resolved;
  }

  /** Forgets a deleted flow's bindings. */
  forget(flowId: string): void {
    const all = this.all();
    if (!(flowId in all)) return;
    delete all[flowId];
    this.file.set(KEY, all);
  }

  private explicit(flowId: string): Record<string, string> {
    return this.all()[flowId] ?? {};
  }

  private all(): Record<string, Record<string, string>> {
    const raw = this.file.get(KEY);
    return raw !== null && typeof raw === 'object' ? (raw as Record<string, Record<string, string>>) : {};
  }
}
