import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SimClock } from './sim-clock';

/** A registered OAuth client. A public (PKCE-only) client has no secret. */
export interface OAuthClient {
  clientId: string;
  clientSecret?: string;
  name: string;
  /**
   * Whether a refresh returns a new refresh token (default true). visma-notes.md §1.2: eAccounting clients
   * created after the 2024 IdentityServer change get reusable refresh tokens, older ones rotating ones.
   */
  rotateRefreshTokens?: boolean;
  /** Grant types the client may use at the token endpoint (default: authorization_code and refresh_token). */
  grantTypes?: string[];
}

/** Server-wide options that differ between identity providers. */
export interface OAuthServerOptions {
  /** `token_type` in token responses (Xero: `Bearer`; Visma's IdentityServer examples show `bearer`). */
  tokenType?: string;
  /** Extra claims per grant (tenant, user ids). */
  extraClaims?: (grant: OAuthGrant) => Record<string, unknown>;
}

/** Lifetimes and behaviour of the authorization server; all durations in simulated seconds. */
export interface OAuthSettings {
  accessTokenTtlSec: number;
  /** How long a rotated-away refresh token keeps working (xero-notes.md §2.4: 30 minutes). */
  refreshGraceSec: number;
  /** An unused refresh token expires after this long (xero-notes.md §2.4: 60 days). */
  refreshIdleSec: number;
  authCodeTtlSec: number;
  /** When false, the authorize endpoint redirects with error=access_denied. */
  autoApprove: boolean;
}

/** One consent: what the user granted to a client. Xero calls its id the authEventId. */
export interface OAuthGrant {
  grantId: string;
  clientId: string;
  userId: string;
  scopes: string[];
  createdAt: number;
  revoked: boolean;
  /** The company a client-credentials grant is bound to (Visma Connect's `tenant_id`). */
  tenantId?: string;
}

interface RefreshTokenRec {
  token: string;
  grantId: string;
  issuedAt: number;
  /** When it was exchanged for a successor; the grace period counts from here. */
  rotatedAt?: number;
}

interface AuthCodeRec {
  code: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  challenge?: string;
  challengeMethod?: string;
  expiresAt: number;
  used: boolean;
  grantId: string;
}

/** Serializable state (persisted with the sandbox so refresh tokens survive restarts). */
export interface OAuthState {
  grants: OAuthGrant[];
  refreshTokens: RefreshTokenRec[];
  /** Tokens of an older generation count as expired (the "expire all tokens" fault); see expireAllAccessTokens. */
  generation: number;
  /** When the current generation started (reported as the expiry time of older tokens). */
  generationStart: number;
}

/** Result of checking a bearer token. */
export type AccessCheck =
  | { ok: true; grant: OAuthGrant; claims: Record<string, unknown> }
  | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'revoked'; expiredAt?: number };

/** An OAuth error for the token endpoint (`{"error": code}` with HTTP status). */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly status = 400,
    readonly description?: string,
  ) {
    super(description ?? error);
  }
}

/** The token endpoint's success body (RFC 6749 §5.1). */
export interface TokenResponse {
  id_token?: string;
  access_token: string;
  expires_in: number;
  /** `Bearer` (or the provider's spelling, see OAuthServerOptions.tokenType). */
  token_type: string;
  refresh_token?: string;
  scope: string;
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/**
 * A generic OAuth 2.0 authorization server for the simulators: authorization code with PKCE (S256), refresh
 * tokens with rotation and a grace period, revocation, JWT-shaped access tokens (HS256, signed with a key
 * derived from the client secret so they verify across restarts) and an expiry watermark for fault tests.
 */
export class OAuthServer {
  private readonly grants = new Map<string, OAuthGrant>();
  private readonly refreshTokens = new Map<string, RefreshTokenRec>();
  private readonly codes = new Map<string, AuthCodeRec>();
  private generation = 0;
  private generationStart = 0;
  private readonly key: Buffer;
  private readonly extraClaims: (grant: OAuthGrant) => Record<string, unknown>;
  private readonly tokenType: string;

  constructor(
    private readonly issuer: string,
    private readonly clients: OAuthClient[],
    public settings: OAuthSettings,
    private readonly clock: SimClock,
    options: OAuthServerOptions | ((grant: OAuthGrant) => Record<string, unknown>) = {},
  ) {
    const o = typeof options === 'function' ? { extraClaims: options } : options;
    this.extraClaims = o.extraClaims ?? (() => ({}));
    this.tokenType = o.tokenType ?? 'Bearer';
    this.key = createHash('sha256')
      .update(`ledgerflow-sandbox:${issuer}:${clients.map((c) => c.clientSecret ?? c.clientId).join(',')}`)
      .digest();
  }

  /** Finds a registered client. */
  client(clientId: string): OAuthClient | undefined {
    return this.clients.find((c) => c.clientId === clientId);
  }

  /**
   * Handles the authorize request and returns the redirect URL (with code+state, or with an error).
   * Throws OAuthError when there is nowhere safe to redirect to (unknown client, no redirect_uri).
   */
  authorize(q: URLSearchParams, onGrant: (grant: OAuthGrant) => void, deny = false): string {
    const clientId = q.get('client_id') ?? '';
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!this.client(clientId)) throw new OAuthError('unauthorized_client', 400, 'unknown client_id');
    if (!redirectUri) throw new OAuthError('invalid_request', 400, 'redirect_uri is required');
    const state = q.get('state');
    const back = (params: Record<string, string>): string => {
      const url = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      if (state !== null) url.searchParams.set('state', state);
      return url.toString();
    };
    if (q.get('response_type') !== 'code') return back({ error: 'unsupported_response_type' });
    const challenge = q.get('code_challenge') ?? undefined;
    const method = q.get('code_challenge_method') ?? (challenge ? 'plain' : undefined);
    if (challenge && method !== 'S256') return back({ error: 'invalid_request' });
    if (deny || !this.settings.autoApprove) return back({ error: 'access_denied' });
    const scopes = (q.get('scope') ?? '').split(/[\s+]+/).filter((s) => s !== '');
    const grant: OAuthGrant = {
      grantId: cryptoUuid(),
      clientId,
      userId: 'demo-user',
      scopes,
      createdAt: this.clock.now(),
      revoked: false,
    };
    this.grants.set(grant.grantId, grant);
    const code = b64url(randomBytes(24));
    this.codes.set(code, {
      code,
      clientId,
      redirectUri,
      scopes,
      ...(challenge ? { challenge, challengeMethod: method } : {}),
      expiresAt: this.clock.now() + this.settings.authCodeTtlSec * 1000,
      used: false,
      grantId: grant.grantId,
    });
    onGrant(grant);
    return back({ code, scope: scopes.join(' '), session_state: b64url(randomBytes(12)) });
  }

  /** Handles `POST …/token` (form body, optional Basic auth). */
  token(form: URLSearchParams, authorization: string | undefined): TokenResponse {
    const client = this.authenticateClient(form, authorization);
    const grantType = form.get('grant_type') ?? '';
    const allowed = client.grantTypes ?? ['authorization_code', 'refresh_token'];
    if (!allowed.includes(grantType)) {
      throw new OAuthError(
        ['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType)
          ? 'unauthorized_client'
          : 'unsupported_grant_type',
      );
    }
    if (grantType === 'authorization_code') return this.exchangeCode(form, client);
    if (grantType === 'refresh_token') return this.refresh(form, client);
    throw new OAuthError('unsupported_grant_type');
  }

  /**
   * Handles `grant_type=client_credentials` (machine-to-machine, RFC 6749 §4.4). `resolveTenant` checks the
   * `tenant_id` the client asked for (Visma Connect binds a service token to one company, visma-notes.md §2.2) and
   * returns it, or throws an OAuthError. `allowedScopes` are the scopes a client may ask for; none means all.
   * One grant is kept per client, tenant and scope set, so repeated token calls do not pile up grants.
   */
  clientCredentials(
    form: URLSearchParams,
    authorization: string | undefined,
    resolveTenant: (tenantId: string | null) => string,
    allowedScopes: string[],
  ): TokenResponse {
    const client = this.authenticateClient(form, authorization);
    if (form.get('grant_type') !== 'client_credentials') throw new OAuthError('unsupported_grant_type');
    if (!(client.grantTypes ?? []).includes('client_credentials'))
      throw new OAuthError('unauthorized_client');
    if (!client.clientSecret) throw new OAuthError('invalid_client');
    const scopes = (form.get('scope') ?? '').split(/[\s+]+/).filter((s) => s !== '');
    if (scopes.some((s) => !allowedScopes.includes(s))) throw new OAuthError('invalid_scope');
    const granted = scopes.length ? scopes : allowedScopes;
    const tenantId = resolveTenant(form.get('tenant_id'));
    const key = [...granted].sort().join(' ');
    let grant = [...this.grants.values()].find(
      (g) =>
        !g.revoked &&
        g.clientId === client.clientId &&
        g.tenantId === tenantId &&
        [...g.scopes].sort().join(' ') === key,
    );
    if (!grant) {
      grant = {
        grantId: cryptoUuid(),
        clientId: client.clientId,
        userId: client.clientId,
        scopes: granted,
        createdAt: this.clock.now(),
        revoked: false,
        tenantId,
      };
      this.grants.set(grant.grantId, grant);
    }
    return this.issue(grant, { noRefresh: true });
  }

  /** Handles `POST …/revocation`: revokes a refresh token's whole grant (its access tokens stop working). */
  revoke(form: URLSearchParams, authorization: string | undefined): OAuthGrant | undefined {
    const client = this.authenticateClient(form, authorization);
    const token = form.get('token') ?? '';
    const rt = this.refreshTokens.get(token);
    let grant = rt ? this.grants.get(rt.grantId) : undefined;
    if (!grant) {
      const check = this.verifySignature(token);
      if (check) grant = this.grants.get(String(check.authentication_event_id));
    }
    // RFC 7009 §2.2: an unknown token still gets 200.
    if (!grant || grant.clientId !== client.clientId) return undefined;
    this.revokeGrant(grant.grantId);
    return grant;
  }

  /** Revokes a grant and every refresh token of it. */
  revokeGrant(grantId: string): void {
    const grant = this.grants.get(grantId);
    if (!grant) return;
    grant.revoked = true;
    for (const [k, rt] of this.refreshTokens) if (rt.grantId === grantId) this.refreshTokens.delete(k);
  }

  /** Revokes every grant (fault: "all tokens revoked"). */
  revokeAll(): void {
    for (const g of this.grants.values()) this.revokeGrant(g.grantId);
  }

  /** Makes every access token issued so far expired (fault: "token expiry"). */
  expireAllAccessTokens(): void {
    this.generation++;
    this.generationStart = this.clock.now();
  }

  /** Issues a token pair directly (tests, benchmarks, the admin endpoint): a grant without the browser dance. */
  issueDirect(
    clientId: string,
    scopes: string[],
    onGrant: (g: OAuthGrant) => void,
    tenantId?: string,
  ): TokenResponse {
    if (!this.client(clientId)) throw new OAuthError('unauthorized_client');
    const grant: OAuthGrant = {
      grantId: cryptoUuid(),
      clientId,
      userId: tenantId ? clientId : 'demo-user',
      scopes,
      createdAt: this.clock.now(),
      revoked: false,
      ...(tenantId ? { tenantId } : {}),
    };
    this.grants.set(grant.grantId, grant);
    onGrant(grant);
    return this.issue(grant, tenantId ? { noRefresh: true } : {});
  }

  /** Checks an `Authorization: Bearer …` header value. */
  checkAccess(authorization: string | undefined): AccessCheck {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) return { ok: false, reason: 'missing' };
    const claims = this.verifySignature(m[1] as string);
    if (!claims) return { ok: false, reason: 'malformed' };
    const grant = this.grants.get(String(claims.authentication_event_id));
    if (!grant || grant.revoked) return { ok: false, reason: 'revoked' };
    const exp = Number(claims.exp) * 1000;
    if (Number(claims.sandbox_gen ?? 0) < this.generation)
      return { ok: false, reason: 'expired', expiredAt: this.generationStart };
    if (this.clock.now() >= exp) return { ok: false, reason: 'expired', expiredAt: exp };
    return { ok: true, grant, claims };
  }

  /** The grant behind a grant id. */
  grant(grantId: string): OAuthGrant | undefined {
    return this.grants.get(grantId);
  }

  /** Serializable state. */
  snapshot(): OAuthState {
    return {
      grants: [...this.grants.values()].map((g) => ({ ...g, scopes: [...g.scopes] })),
      refreshTokens: [...this.refreshTokens.values()].map((r) => ({ ...r })),
      generation: this.generation,
      generationStart: this.generationStart,
    };
  }

  /** Replaces the state. */
  restore(state: OAuthState | undefined): void {
    this.grants.clear();
    this.refreshTokens.clear();
    this.codes.clear();
    this.generation = state?.generation ?? 0;
    this.generationStart = state?.generationStart ?? 0;
    for (const g of state?.grants ?? []) this.grants.set(g.grantId, { ...g });
    for (const r of state?.refreshTokens ?? []) this.refreshTokens.set(r.token, { ...r });
  }

  private authenticateClient(form: URLSearchParams, authorization: string | undefined): OAuthClient {
    let clientId = form.get('client_id') ?? undefined;
    let secret = form.get('client_secret') ?? undefined;
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      clientId = decodeURIComponent(i < 0 ? decoded : decoded.slice(0, i));
      secret = i < 0 ? '' : decodeURIComponent(decoded.slice(i + 1));
    }
    const client = clientId ? this.client(clientId) : undefined;
    if (!client) throw new OAuthError('invalid_client');
    // PKCE apps send only client_id (xero-notes.md §2.4); a confidential client must present its secret.
    if (secret !== undefined && secret !== '' && secret !== client.clientSecret) {
      throw new OAuthError('invalid_client');
    }
    if (
      secret === undefined &&
      !form.get('code_verifier') &&
      form.get('grant_type') === 'authorization_code'
    ) {
      throw new OAuthError('invalid_client');
    }
    // A machine client proves itself with its secret; there is no user and no PKCE (RFC 6749 §4.4).
    if (form.get('grant_type') === 'client_credentials' && !secret) throw new OAuthError('invalid_client');
    return client;
  }

  private exchangeCode(form: URLSearchParams, client: OAuthClient): TokenResponse {
    const rec = this.codes.get(form.get('code') ?? '');
    if (!rec || rec.used || rec.clientId !== client.clientId || this.clock.now() > rec.expiresAt) {
      throw new OAuthError('invalid_grant');
    }
    if ((form.get('redirect_uri') ?? '') !== rec.redirectUri) throw new OAuthError('invalid_grant');
    if (rec.challenge) {
      const verifier = form.get('code_verifier') ?? '';
      // RFC 7636 §4.1: 43–128 characters of [A-Za-z0-9-._~].
      if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new OAuthError('invalid_grant');
      const expected = b64url(createHash('sha256').update(verifier).digest());
      if (expected !== rec.challenge) throw new OAuthError('invalid_grant');
    } else if (form.has('code_verifier')) {
      throw new OAuthError('invalid_grant');
    }
    rec.used = true;
    const grant = this.grants.get(rec.grantId);
    if (!grant || grant.revoked) throw new OAuthError('invalid_grant');
    return this.issue(grant);
  }

  private refresh(form: URLSearchParams, client: OAuthClient): TokenResponse {
    const now = this.clock.now();
    const rt = this.refreshTokens.get(form.get('refresh_token') ?? '');
    if (!rt) throw new OAuthError('invalid_grant');
    const grant = this.grants.get(rt.grantId);
    if (!grant || grant.revoked || grant.clientId !== client.clientId) throw new OAuthError('invalid_grant');
    if (rt.rotatedAt !== undefined && now > rt.rotatedAt + this.settings.refreshGraceSec * 1000) {
      this.refreshTokens.delete(rt.token);
      throw new OAuthError('invalid_grant');
    }
    if (rt.rotatedAt === undefined && now > rt.issuedAt + this.settings.refreshIdleSec * 1000) {
      this.refreshTokens.delete(rt.token);
      throw new OAuthError('invalid_grant');
    }
    // visma-notes.md §1.2: clients with reusable refresh tokens get the same one back (no rotation).
    if (client.rotateRefreshTokens === false) {
      rt.issuedAt = now;
      return this.issue(grant, { reuseRefresh: rt.token });
    }
    // xero-notes.md §2.4: refresh tokens rotate; the old one keeps working for the grace period.
    rt.rotatedAt ??= now;
    return this.issue(grant);
  }

  private issue(grant: OAuthGrant, opts: { reuseRefresh?: string; noRefresh?: boolean } = {}): TokenResponse {
    const now = this.clock.now();
    const iat = Math.floor(now / 1000);
    const exp = iat + this.settings.accessTokenTtlSec;
    const claims = {
      nbf: iat,
      exp,
      iss: this.issuer,
      aud: `${this.issuer}/resources`,
      client_id: grant.clientId,
      sub: grant.userId,
      auth_time: Math.floor(grant.createdAt / 1000),
      jti: b64url(randomBytes(16)),
      authentication_event_id: grant.grantId,
      scope: grant.scopes,
      iat,
      sandbox_gen: this.generation,
      ...this.extraClaims(grant),
    };
    const access = this.sign(claims);
    const out: TokenResponse = {
      access_token: access,
      expires_in: this.settings.accessTokenTtlSec,
      token_type: this.tokenType,
      scope: grant.scopes.join(' '),
    };
    if (grant.scopes.includes('openid')) {
      out.id_token = this.sign({ iss: this.issuer, aud: grant.clientId, sub: grant.userId, iat, exp });
    }
    if (opts.reuseRefresh) {
      out.refresh_token = opts.reuseRefresh;
    } else if (!opts.noRefresh && grant.scopes.includes('offline_access')) {
      const token = b64url(randomBytes(32));
      this.refreshTokens.set(token, { token, grantId: grant.grantId, issuedAt: now });
      out.refresh_token = token;
    }
    return out;
  }

  private sign(claims: Record<string, unknown>): string {
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'sandbox' }));
    const body = b64url(JSON.stringify(claims));
    const sig = b64url(createHmac('sha256', this.key).update(`${head}.${body}`).digest());
    return `${head}.${body}.${sig}`;
  }

  private verifySignature(token: string): Record<string, unknown> | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [head, body, sig] = parts as [string, string, string];
    const expected = createHmac('sha256', this.key).update(`${head}.${body}`).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
}

function cryptoUuid(): string {
  return globalThis.crypto.randomUUID();
}
