import type { SystemId } from '../../shared/connectors/connector-descriptor';
import { createError } from '../../shared/errors/ledgerflow-error';
import { systemClock, type AccessTokenSource, type Clock, type Connector } from '../connectors/kit/connector';
import type { HttpClient } from '../connectors/kit/http-client';
import { XeroConnector } from '../connectors/xero/xero-connector';
import type { ConnectorProvider } from './engine';

/** Where one connection points: what the host tells the worker (no secret in it). */
export interface ConnectionEndpoint {
  readonly system: SystemId;
  /** The accounting API's base URL (Xero: …/api.xro/2.0). */
  readonly apiBaseUrl: string;
  readonly tenantId: string;
}

/**
 * A connector provider from plain endpoints plus a token source per connection: what the engine worker, the CLI
 * and the tests use. The token source is the only way to a secret (in the worker it asks the host over IPC).
 */
export function endpointConnectorProvider(
  endpoints:
    Readonly<Record<string, ConnectionEndpoint>> | (() => Readonly<Record<string, ConnectionEndpoint>>),
  tokens: (connectionId: string) => AccessTokenSource,
  http: HttpClient,
  clock: Clock = systemClock,
): ConnectorProvider {
  const current = typeof endpoints === 'function' ? endpoints : () => endpoints;
  return {
    async connections() {
      return new Map(Object.entries(current()).map(([id, e]) => [id, { system: e.system }]));
    },
    async connector(connectionId): Promise<Connector> {
      const e = current()[connectionId];
      if (!e) throw createError('LF-2005', `There is no connection ${connectionId}`);
      if (e.system !== 'xero') throw createError('LF-2006', `The ${e.system} connector is not available yet`);
      return new XeroConnector(
        { apiBaseUrl: e.apiBaseUrl, tenantId: e.tenantId },
        { http, clock, auth: tokens(connectionId) },
      );
    },
  };
}
