import { createError } from '../../../shared/errors/ledgerflow-error';
import type { HttpClient } from '../kit/http-client';
import { errorFromHttpProblem } from '../kit/http-errors';
import { xeroApiMessage } from './errors';

/** The three Xero hosts; the sandbox serves each under its own path (docs/sandbox.md). */
export interface XeroHosts {
  /** https://api.xero.com */
  readonly apiHost: string;
  /** https://identity.xero.com */
  readonly identityHost: string;
  /** https://login.xero.com */
  readonly loginHost: string;
}

/** The real Xero. */
export const xeroProductionHosts: XeroHosts = {
  apiHost: 'https://api.xero.com',
  identityHost: 'https://identity.xero.com',
  loginHost: 'https://login.xero.com',
};

/**
 * Scopes Ledgerflow asks for. Apps created since 2 March 2026 may not ask for `accounting.transactions`, so the
 * granular 2026 scopes are used (xero-notes.md §2.4); `offline_access` gives the refresh token.
 */
export const XERO_SCOPES = [
  'openid',
  'profile',
  'email',
  'offline_access',
  'accounting.settings',
  'accounting.contacts',
  'accounting.invoices',
  'accounting.payments',
].join(' ');

/** The API base of the Accounting API on a host. */
export const accountingBaseUrl = (hosts: XeroHosts): string => `${trimSlash(hosts.apiHost)}/api.xro/2.0`;

/** A token answer, with the absolute expiry worked out. */
export interface XeroTokenSet {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  /** Epoch ms. */
  readonly expiresAt: number;
  readonly scope: string | undefined;
}

/** An OAuth client as registered with Xero (PKCE apps have no secret). */
export interface XeroOAuthClient {
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
}

/** One organisation the grant reaches (GET /connections). */
export interface XeroTenant {
  readonly connectionId: string;
  readonly tenantId: string;
  readonly tenantName: string;
  readonly tenantType: string;
}

/** The authorize URL (authorization code + PKCE S256; xero-notes.md §2.4). */
export function xeroAuthorizeUrl(
  hosts: XeroHosts,
  client: XeroOAuthClient,
  p: { redirectUri: string; state: string; codeChallenge: string; scope?: string },
): string {
  const url = new URL(`${trimSlash(hosts.loginHost)}/identity/connect/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: p.redirectUri,
    scope: p.scope ?? XERO_SCOPES,
    state: p.state,
    code_challenge: p.codeChallenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** Talks to Xero's identity and connections endpoints with the HTTP kit (xero-node's openid-client cannot be redirected). */
export class XeroOAuth {
  constructor(
    private readonly http: HttpClient,
    private readonly hosts: XeroHosts,
    private readonly client: XeroOAuthClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** Exchanges an authorization code (with its PKCE verifier) for tokens. */
  exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<XeroTokenSet> {
    return this.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    });
  }

  /**
   * Refreshes. Refresh tokens rotate: the answer carries a new one that must replace the old (the old keeps
   * working for a 30-minute grace period). `invalid_grant` (revoked, expired, unknown) is LF-2004 with
   * `details.oauthError`, so the caller can mark the connection "needs reconnect".
   */
  refresh(refreshToken: string): Promise<XeroTokenSet> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** Revokes the grant behind a refresh token (best effort on remove). */
  async revoke(refreshToken: string): Promise<void> {
    await this.http.send({
      method: 'POST',
      url: `${trimSlash(this.hosts.identityHost)}/connect/revocation`,
      headers: this.clientHeaders(),
      form: { token: refreshToken, ...this.clientForm() },
    });
  }

  /** The organisations the access token reaches. */
  async connections(accessToken: string): Promise<XeroTenant[]> {
    const res = await this.http.send({
      method: 'GET',
      url: `${trimSlash(this.hosts.apiHost)}/connections`,
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (res.status !== 200 || !Array.isArray(res.json)) {
      throw errorFromHttpProblem({
        status: res.status,
        headers: res.headers,
        apiMessage: xeroApiMessage(res.json ?? res.text),
        system: 'Xero',
        operation: 'GET /connections',
      });
    }
    return (res.json as Record<string, unknown>[])
      .filter((c) => c.tenantType === undefined || c.tenantType === 'ORGANISATION')
      .map((c) => ({
        connectionId: String(c.id),
        tenantId: String(c.tenantId),
        tenantName: String(c.tenantName ?? c.tenantId),
        tenantType: String(c.tenantType ?? 'ORGANISATION'),
      }));
  }

  private async token(form: Record<string, string>): Promise<XeroTokenSet> {
    const started = this.now();
    const res = await this.http.send({
      method: 'POST',
      url: `${trimSlash(this.hosts.identityHost)}/connect/token`,
      headers: this.clientHeaders(),
      form: { ...form, ...this.clientForm() },
    });
    const body = (res.json ?? {}) as Record<string, unknown>;
    if (res.status === 200 && typeof body.access_token === 'string') {
      const expiresIn = Number(body.expires_in ?? 1800);
      return {
        accessToken: body.access_token,
        refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
        // Counted from when the request was sent, so clock skew and latency never make a token look fresher.
        expiresAt: started + expiresIn * 1000,
        scope: typeof body.scope === 'string' ? body.scope : undefined,
      };
    }
    const oauthError = typeof body.error === 'string' ? body.error : undefined;
    if (
      res.status === 400 &&
      (oauthError === 'invalid_grant' ||
        oauthError === 'invalid_client' ||
        oauthError === 'unauthorized_client')
    ) {
      throw createError(
        'LF-2004',
        oauthError === 'invalid_grant'
          ? 'Xero no longer accepts this connection (the authorisation was revoked or has expired)'
          : `Xero refused the app's credentials (${oauthError})`,
        { oauthError, status: 400 },
      );
    }
    throw errorFromHttpProblem({
      status: res.status,
      headers: res.headers,
      apiMessage: oauthError ?? xeroApiMessage(res.text),
      system: 'Xero',
      operation: 'POST /connect/token',
    });
  }

  private clientHeaders(): Record<string, string> {
    if (!this.client.clientSecret) return {};
    const basic = Buffer.from(`${this.client.clientId}:${this.client.clientSecret}`).toString('base64');
    return { authorization: `Basic ${basic}` };
  }

  // PKCE (public) clients send client_id in the body and have no secret (xero-notes.md §2.4).
  private clientForm(): Record<string, string> {
    return this.client.clientSecret ? {} : { client_id: this.client.clientId };
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
