import type { AccessTokenSource } from '../connectors/kit/connector';
import { UndiciHttpClient } from '../connectors/kit/http-client';
import { XeroConnector } from '../connectors/xero/xero-connector';
import { accountingBaseUrl, XeroOAuth } from '../connectors/xero/xero-oauth';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../sandbox/sandbox-server';
import type { Flow } from '../../shared/flow/flow.schema';
import { endpointConnectorProvider, type ConnectionEndpoint } from './endpoint-connector-provider';

/** A token source over the sandbox's token endpoint: refreshes (rotating) after a 401. */
export class SandboxTokens implements AccessTokenSource {
  constructor(
    private token: string,
    private refreshToken: string,
    private readonly oauth: XeroOAuth,
  ) {}
  async accessToken() {
    return this.token;
  }
  async refreshAfterUnauthorized(rejected: string) {
    if (rejected !== this.token) return this.token;
    const next = await this.oauth.refresh(this.refreshToken);
    this.token = next.accessToken;
    this.refreshToken = next.refreshToken ?? this.refreshToken;
    return this.token;
  }
}

/** The Xero sandbox with its two demo tenants bound as connections `demo` and `nordvik`. */
export interface XeroSandboxKit {
  readonly sb: RunningSandbox;
  readonly http: UndiciHttpClient;
  readonly endpoints: Record<string, ConnectionEndpoint>;
  readonly tokens: SandboxTokens;
  readonly provider: ReturnType<typeof endpointConnectorProvider>;
  /** A connector straight to a tenant, to look at the destination. */
  connector(connectionId: string): XeroConnector;
  close(): Promise<void>;
}

/** Starts the sandbox on port 0 (limits off unless asked) and binds both tenants. */
export async function startXeroSandboxKit(options: SandboxOptions = {}): Promise<XeroSandboxKit> {
  const sb = await startSandbox({ port: 0, seed: 3, limits: { xero: { enabled: false } }, ...options });
  const http = new UndiciHttpClient();
  const issued = sb.admin.xero.issueToken();
  const x = sb.apis.xero;
  const oauth = new XeroOAuth(http, x, { clientId: x.clientId, clientSecret: x.clientSecret });
  const tokens = new SandboxTokens(issued.access_token, issued.refresh_token!, oauth);
  const demo = issued.tenants.find((t) => t.name.includes('Demo'))!;
  const nordvik = issued.tenants.find((t) => t.name.includes('Nordvik'))!;
  const endpoints: Record<string, ConnectionEndpoint> = {
    demo: { system: 'xero', apiBaseUrl: accountingBaseUrl(x), tenantId: demo.tenantId },
    nordvik: { system: 'xero', apiBaseUrl: accountingBaseUrl(x), tenantId: nordvik.tenantId },
  };
  const provider = endpointConnectorProvider(endpoints, () => tokens, http);
  return {
    sb,
    http,
    endpoints,
    tokens,
    provider,
    connector: (id) =>
      new XeroConnector(
        { apiBaseUrl: endpoints[id]!.apiBaseUrl, tenantId: endpoints[id]!.tenantId },
        { http, clock: { now: () => new Date() }, auth: tokens },
      ),
    async close() {
      await http.close();
      await sb.close();
    },
  };
}

/** Contacts (matched by name) and items (by code) from Demo AB to Nordvik Trading AB. */
export function copyFlow(overrides: Partial<Flow> = {}): Flow {
  return {
    format: 'ledgerflow.flow',
    version: 1,
    id: 'copy-demo-to-nordvik',
    name: 'Demo AB → Nordvik: contacts and items',
    mode: 'shadow',
    connections: {
      src: { system: 'xero', label: 'Ledgerflow Demo AB' },
      dst: { system: 'xero', label: 'Nordvik Trading AB' },
    },
    nodes: [
      {
        id: 'contacts',
        type: 'source',
        position: { x: 0, y: 0 },
        config: { connection: 'src', entity: 'contact', filter: { isActive: true } },
      },
      {
        id: 'nordvik-contacts',
        type: 'destination',
        position: { x: 400, y: 0 },
        config: { connection: 'dst', entity: 'contact', match: ['externalId', 'name'], onExisting: 'update' },
      },
    ],
    edges: [{ id: 'e1', source: 'contacts', target: 'nordvik-contacts' }],
    ...overrides,
  };
}

/**
 * Demo AB's contacts (numbers prefixed D-) and draft sales invoices to Nordvik: each invoice's contact is looked
 * up in Nordvik, so an invoice to a contact this same run creates refers to it as a pending reference.
 */
export function contactsAndInvoicesFlow(): Flow {
  return copyFlow({
    id: 'invoices',
    nodes: [
      copyFlow().nodes[0]!,
      {
        id: 'prefix',
        type: 'mapper' as const,
        position: { x: 200, y: 0 },
        config: { fields: { number: "number ? 'D-' & number" }, keepUnmapped: true },
      },
      copyFlow().nodes[1]!,
      {
        id: 'invoices',
        type: 'source',
        position: { x: 0, y: 300 },
        config: { connection: 'src', entity: 'invoice', filter: { status: 'draft', type: 'sales' } },
      },
      {
        id: 'contact-in-nordvik',
        type: 'lookup',
        position: { x: 200, y: 300 },
        config: {
          connection: 'dst',
          entity: 'contact',
          from: 'contact.id',
          into: 'contact.id',
          onMissing: 'fail',
        },
      },
      {
        id: 'invoice-numbers',
        type: 'mapper',
        position: { x: 400, y: 300 },
        config: { fields: { number: "'D-' & number" }, keepUnmapped: true },
      },
      {
        id: 'nordvik-invoices',
        type: 'destination',
        position: { x: 600, y: 300 },
        config: {
          connection: 'dst',
          entity: 'invoice',
          match: ['number'],
          createOnlyFields: ['reference'],
        },
      },
    ],
    edges: [
      { id: 'a', source: 'contacts', target: 'prefix' },
      { id: 'b', source: 'prefix', target: 'nordvik-contacts' },
      { id: 'c', source: 'invoices', target: 'contact-in-nordvik' },
      { id: 'd', source: 'contact-in-nordvik', target: 'invoice-numbers' },
      { id: 'e', source: 'invoice-numbers', target: 'nordvik-invoices' },
    ],
  });
}

/** Flow connection keys bound to the kit's connections. */
export const kitBindings = { src: 'demo', dst: 'nordvik' } as const;
