import { createError } from '../../../shared/errors/ledgerflow-error';
import type { HttpClient } from './http-client';
import { errorFromHttpProblem } from './http-errors';

/** A token answer with its absolute expiry worked out (the same shape as Xero's `XeroTokenSet`). */
export interface OAuthTokenSet {
  readonly accessToken: string;
  /** Absent for client-credentials grants (Visma.net) and when offline_access was not granted. */
  readonly refreshToken: string | undefined;
  /** Epoch ms. */
  readonly expiresAt: number;
  readonly scope: string | undefined;
}

/** One token request to an OAuth 2 token endpoint. */
export interface TokenRequest {
  readonly http: HttpClient;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
  /** Client authentication: HTTP Basic (eAccounting) or client_id/client_secret in the form (Visma Connect). */
  readonly clientAuth: 'basic' | 'form';
  readonly form: Readonly<Record<string, string>>;
  /** e.g. "Visma eAccounting", for messages. */
  readonly system: string;
  readonly now?: () => number;
}

/**
 * Posts a form to a token endpoint (RFC 6749 §4.1.3, §4.4, §6). `invalid_grant` / `invalid_client` /
 * `unauthorized_client` are LF-2004 with `details.oauthError` (the connection needs a reconnect); anything else
 * goes through the LF table (429 → LF-2002, 5xx → LF-2003, other 4xx → LF-2001 with the OAuth error).
 */
export async function requestToken(r: TokenRequest): Promise<OAuthTokenSet> {
  const started = (r.now ?? Date.now)();
  const headers: Record<string, string> = {};
  const form: Record<string, string> = { ...r.form };
  if (r.clientAuth === 'basic' && r.clientSecret) {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding.
    const basic = Buffer.from(
      `${encodeURIComponent(r.clientId)}:${encodeURIComponent(r.clientSecret)}`,
    ).toString('base64');
    headers.authorization = `Basic ${basic}`;
  } else {
    form.client_id = r.clientId;
    if (r.clientSecret) form.client_secret = r.clientSecret;
  }
  const res = await r.http.send({ method: 'POST', url: r.tokenUrl, headers, form });
  const body = (res.json ?? {}) as Record<string, unknown>;
  if (res.status === 200 && typeof body.access_token === 'string') {
    const expiresIn = Number(body.expires_in ?? 3600);
    return {
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
      // Counted from when the request was sent, so latency never makes a token look fresher than it is.
      expiresAt: started + expiresIn * 1000,
      scope: typeof body.scope === 'string' ? body.scope : undefined,
    };
  }
  const oauthError = typeof body.error === 'string' ? body.error : undefined;
  if (
    (res.status === 400 || res.status === 401) &&
    (oauthError === 'invalid_grant' ||
      oauthError === 'invalid_client' ||
      oauthError === 'unauthorized_client')
  ) {
    throw createError(
      'LF-2004',
      oauthError === 'invalid_grant'
        ? `${r.system} no longer accepts this connection (the authorisation was revoked, has expired or names an unknown company)`
        : `${r.system} refused the app's credentials (${oauthError})`,
      { oauthError, status: res.status },
    );
  }
  const description = typeof body.error_description === 'string' ? body.error_description : undefined;
  throw errorFromHttpProblem({
    status: res.status,
    headers: res.headers,
    apiMessage: [oauthError, description].filter(Boolean).join(': ') || res.text.slice(0, 300) || undefined,
    system: r.system,
    operation: 'POST /connect/token',
  });
}

/** A URL without a trailing slash. */
export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
