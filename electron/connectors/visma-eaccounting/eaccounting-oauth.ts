import type { HttpClient } from '../kit/http-client';
import { requestToken, trimSlash, type OAuthTokenSet } from '../kit/oauth-token';

/** The two eAccounting hosts; the sandbox serves each under its own path (docs/sandbox.md). */
export interface EaccountingHosts {
  /** https://eaccountingapi.vismaonline.com (the API is `/v2` below it). */
  readonly apiHost: string;
  /** https://identity.vismaonline.com */
  readonly identityHost: string;
}

/** The real eAccounting (visma-notes.md §1.1). */
export const eaccountingProductionHosts: EaccountingHosts = {
  apiHost: 'https://eaccountingapi.vismaonline.com',
  identityHost: 'https://identity.vismaonline.com',
};

/**
 * Scopes Ledgerflow asks for (visma-notes.md §1.2): `ea:api` is required on every call, `offline_access` gives
 * the refresh token, `ea:sales` covers customers, articles, invoices and payments, `ea:accounting` VAT codes and
 * accounts.
 */
export const EACCOUNTING_SCOPES = ['ea:api', 'offline_access', 'ea:sales', 'ea:accounting'].join(' ');

/** The API base (`…/v2`) on a host. */
export const eaccountingApiBaseUrl = (hosts: EaccountingHosts): string => `${trimSlash(hosts.apiHost)}/v2`;

/** The app as registered with Visma: eAccounting clients are confidential (a secret, Basic auth). */
export interface EaccountingOAuthClient {
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
}

/**
 * The authorize URL: authorization code with PKCE S256 (the identity server accepts it; §1.2), `prompt=select_account`
 * so the user picks the company.
 */
export function eaccountingAuthorizeUrl(
  hosts: EaccountingHosts,
  client: EaccountingOAuthClient,
  p: { redirectUri: string; state: string; codeChallenge: string; scope?: string },
): string {
  const url = new URL(`${trimSlash(hosts.identityHost)}/connect/authorize`);
  url.search = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: p.redirectUri,
    scope: p.scope ?? EACCOUNTING_SCOPES,
    state: p.state,
    response_type: 'code',
    prompt: 'select_account',
    code_challenge: p.codeChallenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** Talks to the Visma Online identity server (token, refresh, revocation) with the HTTP kit. */
export class EaccountingOAuth {
  constructor(
    private readonly http: HttpClient,
    private readonly hosts: EaccountingHosts,
    private readonly client: EaccountingOAuthClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** Exchanges a (single-use, 5-minute) authorization code and its PKCE verifier for tokens. */
  exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<OAuthTokenSet> {
    return this.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    });
  }

  /**
   * Refreshes. Older clients' refresh tokens rotate (save both, §1.2), newer ones are reusable: the answer's
   * refresh token, when present, replaces the old one. `invalid_grant` is LF-2004.
   */
  refresh(refreshToken: string): Promise<OAuthTokenSet> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** Revokes the grant behind a refresh token (best effort on remove). */
  async revoke(refreshToken: string): Promise<void> {
    const basic = Buffer.from(`${this.client.clientId}:${this.client.clientSecret ?? ''}`).toString('base64');
    await this.http.send({
      method: 'POST',
      url: `${trimSlash(this.hosts.identityHost)}/connect/revocation`,
      headers: { authorization: `Basic ${basic}` },
      form: { token: refreshToken, token_type_hint: 'refresh_token' },
    });
  }

  private token(form: Record<string, string>): Promise<OAuthTokenSet> {
    return requestToken({
      http: this.http,
      tokenUrl: `${trimSlash(this.hosts.identityHost)}/connect/token`,
      clientId: this.client.clientId,
      clientSecret: this.client.clientSecret,
      clientAuth: 'basic',
      form,
      system: 'Visma eAccounting',
      now: this.now,
    });
  }
}

/** The company an access token works on: its `customer_id` claim (§1.2), read without verifying the signature. */
export function eaccountingCompanyId(accessToken: string): string | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return typeof claims.customer_id === 'string' ? claims.customer_id : undefined;
  } catch {
    return undefined;
  }
}
