import type { SystemId } from '../../shared/connectors/connector-descriptor';
import type { CallOptions, Connector, ConnectorContext } from './kit/connector';
import { EaccountingConnector } from './visma-eaccounting/eaccounting-connector';
import { VismaNetConnector } from './visma-net/visma-net-connector';
import { XeroConnector } from './xero/xero-connector';

/**
 * Where a connector points, as plain data (no secret): the API's base URL as that connector expects it and the
 * tenant or company. Xero: `…/api.xro/2.0` and the tenant id; eAccounting: `…/v2` and the company id (the token
 * selects the company); Visma.net: the API host (paths are `/v1/…`) and the tenant id the token is bound to.
 */
export interface ConnectorEndpoint {
  readonly system: SystemId;
  readonly apiBaseUrl: string;
  readonly tenantId: string;
}

/** A connector that can also say which company it reaches and how many contacts it has (connection tests). */
export type ProbingConnector = Connector & {
  probe(
    options?: CallOptions & { fallbackName?: string },
  ): Promise<{ organisationName: string; contactCount: number }>;
};

/** The one place that knows which class serves which system: the host, the engine worker and the CLI use it. */
export function createConnector(endpoint: ConnectorEndpoint, ctx: ConnectorContext): ProbingConnector {
  switch (endpoint.system) {
    case 'xero':
      return new XeroConnector({ apiBaseUrl: endpoint.apiBaseUrl, tenantId: endpoint.tenantId }, ctx);
    case 'visma-eaccounting':
      return new EaccountingConnector({ apiBaseUrl: endpoint.apiBaseUrl, companyId: endpoint.tenantId }, ctx);
    case 'visma-net':
      return new VismaNetConnector({ apiBaseUrl: endpoint.apiBaseUrl, tenantId: endpoint.tenantId }, ctx);
  }
}
