import type { SystemId } from '../../shared/connectors/connector-descriptor';
import { createError } from '../../shared/errors/ledgerflow-error';
import { systemClock, type AccessTokenSource, type Clock, type Connector } from '../connectors/kit/connector';
import type { HttpClient } from '../connectors/kit/http-client';
import { createConnector } from '../connectors/connector-factory';
import type { ConnectorProvider } from './engine';

/** Where one connection points: what the host tells the worker (no secret in it). */
export interface ConnectionEndpoint {
  readonly system: SystemId;
  /** The API's base URL as its connector expects it (see ConnectorEndpoint in connectors/connector-factory.ts). */
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
      return createConnector(e, { http, clock, auth: tokens(connectionId) });
    },
  };
}
