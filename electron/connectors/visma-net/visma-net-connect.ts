import type { HttpClient } from '../kit/http-client';
import { requestToken, trimSlash, type OAuthTokenSet } from '../kit/oauth-token';

/** The Visma.net hosts; the sandbox serves each under its own path (docs/sandbox.md). */
export interface VismaNetHosts {
  /** https://api.finance.visma.net (paths `/v1/…`, `/v2/…`). */
  readonly apiHost: string;
  /** https://connect.visma.com (token at `/connect/token`). */
  readonly connectHost: string;
}

/** The real Visma.net (visma-notes.md §2.1, §2.2). */
export const vismaNetProductionHosts: VismaNetHosts = {
  apiHost: 'https://api.finance.visma.net',
  connectHost: 'https://connect.visma.com',
};

/** Service scopes Ledgerflow asks for (§2.2 [S]): read, create and update; it never deletes. */
export const VISMA_NET_SCOPES = [
  'vismanet_erp_service_api:read',
  'vismanet_erp_service_api:create',
  'vismanet_erp_service_api:update',
].join(' ');

/** A Visma Developer Portal service client. */
export interface VismaNetClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Visma Connect's client-credentials grant (§2.2): one token per company, selected by its tenant id. There is
 * no refresh token; a new token is simply requested again. `invalid_grant` (unknown tenant) and
 * `invalid_client` are LF-2004.
 */
export function vismaNetToken(
  http: HttpClient,
  hosts: VismaNetHosts,
  client: VismaNetClientCredentials,
  tenantId: string,
  now: () => number = Date.now,
): Promise<OAuthTokenSet> {
  return requestToken({
    http,
    tokenUrl: `${trimSlash(hosts.connectHost)}/connect/token`,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    clientAuth: 'form',
    form: { grant_type: 'client_credentials', scope: VISMA_NET_SCOPES, tenant_id: tenantId },
    system: 'Visma.net',
    now,
  });
}
