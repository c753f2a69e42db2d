import { createHash } from 'node:crypto';
import { mergeApiSettings, type ApiSettings, type ApiSettingsPatch } from '../kit/api-settings';
import type { FaultInjector, FaultPlan } from '../kit/fault-injector';
import {
  empty,
  json,
  parseFormBody,
  parseJsonBody,
  text,
  type SimRequest,
  type SimResponse,
} from '../kit/http-kit';
import { IdempotencyStore } from '../kit/idempotency-store';
import {
  OAuthError,
  OAuthServer,
  type OAuthGrant,
  type OAuthState,
  type TokenResponse,
} from '../kit/oauth-server';
import { RateLimiter } from '../kit/rate-limiter';
import { Router } from '../kit/router';
import type { ApiResult, ApiServices, SandboxApi, SeedParams } from '../kit/sandbox-api';
import { Prng } from '../kit/prng';
import { generateCompany, mixSeed } from '../seed/company-generator';
import {
  BindError,
  defaultXeroBehaviour,
  ElementError,
  forbidden,
  notFound,
  postDataInvalid,
  queryParseError,
  unauthorized,
  type XeroBehaviour,
  type XeroCtx,
  type XeroHandler,
} from './xero-context';
import { registerContactRoutes } from './xero-contacts.routes';
import { registerCreditNoteRoutes } from './xero-credit-notes.routes';
import { utcString } from './xero-dates';
import { registerInvoiceRoutes } from './xero-invoices.routes';
import { registerItemRoutes } from './xero-items.routes';
import { XeroOrgStore, type XeroOrgState } from './xero-org-store';
import { registerPaymentRoutes } from './xero-payments.routes';
import { buildXeroOrg, seedLineSource } from './xero-seed';
import { registerSettingsRoutes } from './xero-settings.routes';
import { QueryParseError } from './xero-where';

/** Xero's rate limits (xero-notes.md §2.1); all settable, `enabled: false` turns them off. */
export interface XeroLimits {
  enabled: boolean;
  concurrent: number;
  perMinute: number;
  perDay: number;
  appPerMinute: number;
}

/** The Xero simulator's settings. */
export type XeroSettings = ApiSettings<XeroLimits, XeroBehaviour>;

/** A patch of XeroSettings (each group merged field by field). */
export type XeroSettingsPatch = ApiSettingsPatch<XeroLimits, XeroBehaviour>;

/** The Xero defaults: real limits, 30-minute tokens, 30-minute refresh grace, 60-day refresh idle expiry. */
export function defaultXeroSettings(): XeroSettings {
  return {
    limits: { enabled: true, concurrent: 5, perMinute: 60, perDay: 5000, appPerMinute: 10_000 },
    oauth: {
      accessTokenTtlSec: 1800,
      refreshGraceSec: 1800,
      refreshIdleSec: 60 * 86_400,
      authCodeTtlSec: 300,
      autoApprove: true,
    },
    behaviour: defaultXeroBehaviour(),
    enforceScopes: true,
  };
}

/** The demo confidential client (authorization code with secret, PKCE optional). */
export const XERO_DEMO_CLIENT_ID = 'LEDGERFLOWSANDBOXXEROCLIENT00001';
/** Its secret. */
export const XERO_DEMO_CLIENT_SECRET = 'ledgerflow-sandbox-xero-secret-not-for-production';
/** A public PKCE client (no secret), as a desktop app registers. */
export const XERO_DEMO_PKCE_CLIENT_ID = 'LEDGERFLOWSANDBOXXEROPKCE0000001';
/** Every scope the simulator knows (classic and 2026 granular families, xero-notes.md §2.4). */
export const XERO_ALL_SCOPES = [
  'openid',
  'profile',
  'email',
  'offline_access',
  'accounting.settings',
  'accounting.contacts',
  'accounting.transactions',
  'accounting.invoices',
  'accounting.payments',
];

/** Connection of a tenant to a grant (GET /connections). */
interface ConnectionRec {
  id: string;
  authEventId: string;
  tenantId: string;
  createdDateUtc: number;
  updatedDateUtc: number;
}

/** The serializable state of the Xero simulator. */
export interface XeroState {
  tenants: XeroOrgState[];
  oauth: OAuthState;
  connections: ConnectionRec[];
}

/** A tenant of the simulator. */
export interface XeroTenantInfo {
  tenantId: string;
  name: string;
}

/** What the Xero simulator tells a client about itself (all URLs absolute). */
export interface XeroDescription {
  /** Replaces https://api.xero.com (so `${apiHost}/api.xro/2.0` and `${apiHost}/connections`). */
  apiHost: string;
  /** Replaces https://identity.xero.com. */
  identityHost: string;
  /** Replaces https://login.xero.com. */
  loginHost: string;
  apiBaseUrl: string;
  identityBaseUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  revocationUrl: string;
  connectionsUrl: string;
  clientId: string;
  clientSecret: string;
  pkceClientId: string;
  tenants: XeroTenantInfo[];
}

/** Options of the Xero simulator. */
export interface XeroApiOptions {
  seed: SeedParams;
  settings?: XeroSettingsPatch;
  faults: FaultInjector;
  services: ApiServices;
}

const PREFIX = '/xero';
const API_ROOT = '/api/api.xro/2.0';

function scopeFamily(path: string): string[] {
  const top = (path.split('/')[1] ?? '').toLowerCase();
  if (top === 'contacts') return ['accounting.contacts'];
  if (top === 'invoices' || top === 'creditnotes') return ['accounting.transactions', 'accounting.invoices'];
  if (top === 'items') return ['accounting.settings', 'accounting.transactions', 'accounting.invoices'];
  if (top === 'payments') return ['accounting.transactions', 'accounting.payments'];
  return ['accounting.settings'];
}

/**
 * The Xero Accounting API simulator. Mounted at `/xero` with three "hosts" below it so that pointing a client
 * at the sandbox is a base-URL change only: `/xero/api` ↔ https://api.xero.com, `/xero/identity` ↔
 * https://identity.xero.com and `/xero/login` ↔ https://login.xero.com.
 */
export class XeroApi implements SandboxApi {
  readonly name = 'xero';
  readonly prefix = PREFIX;
  readonly faults: FaultInjector;
  private settings: XeroSettings;
  private readonly orgs = new Map<string, XeroOrgStore>();
  private readonly connections = new Map<string, ConnectionRec>();
  private readonly oauth: OAuthServer;
  private readonly limiter: RateLimiter;
  private readonly idempotency: IdempotencyStore;
  private readonly router = new Router<XeroHandler>(true);
  private readonly services: ApiServices;
  private seedParams: SeedParams;

  constructor(opts: XeroApiOptions) {
    this.faults = opts.faults;
    this.services = opts.services;
    this.seedParams = opts.seed;
    const d = defaultXeroSettings();
    this.settings = mergeApiSettings(d, opts.settings ?? {});
    this.oauth = new OAuthServer(
      'sandbox-identity',
      [
        {
          clientId: XERO_DEMO_CLIENT_ID,
          clientSecret: XERO_DEMO_CLIENT_SECRET,
          name: 'Ledgerflow (sandbox)',
        },
        { clientId: XERO_DEMO_PKCE_CLIENT_ID, name: 'Ledgerflow desktop (sandbox, PKCE)' },
      ],
      this.settings.oauth,
      opts.services.clock,
      (g) => ({
        xero_userid: 'a1c8f9d2-0000-4000-8000-00000000d3e0',
        global_session_id: g.grantId.replace(/-/g, ''),
      }),
    );
    this.limiter = new RateLimiter(this.limiterSettings(), opts.services.clock);
    this.idempotency = new IdempotencyStore(this.settings.behaviour.idempotencyTtlSec * 1000);
    registerSettingsRoutes(this.router);
    registerContactRoutes(this.router);
    registerItemRoutes(this.router);
    registerInvoiceRoutes(this.router);
    registerCreditNoteRoutes(this.router);
    registerPaymentRoutes(this.router);
    this.seedOrgs(opts.seed);
  }

  get maxBodyBytes(): number {
    return this.settings.behaviour.maxBodyBytes;
  }

  /** The organisations (for tests and the admin endpoint). */
  tenants(): XeroTenantInfo[] {
    return [...this.orgs.values()].map((o) => ({ tenantId: o.tenantId, name: o.organisation.Name }));
  }

  /** Direct access to one organisation's store (tests, benchmarks). */
  org(tenantId: string): XeroOrgStore | undefined {
    return this.orgs.get(tenantId);
  }

  operationOf(req: SimRequest): string {
    const p = req.path;
    if (p.startsWith('/api/api.xro/2.0')) {
      const m = this.router.match(req.method, p.slice(API_ROOT.length) || '/');
      return m.kind === 'found' ? m.operation : `${req.method} (unknown)`;
    }
    if (/^\/api\/connections\/?$/i.test(p)) return `${req.method} /connections`;
    if (/^\/api\/connections\//i.test(p)) return `${req.method} /connections/{id}`;
    if (/^\/identity\/connect\/token$/i.test(p)) return 'POST /connect/token';
    if (/^\/identity\/connect\/revocation$/i.test(p)) return 'POST /connect/revocation';
    if (/^\/login\/identity\/connect\/authorize$/i.test(p)) return 'GET /identity/connect/authorize';
    return `${req.method} (unknown)`;
  }

  handle(req: SimRequest): ApiResult {
    const p = req.path;
    if (p === API_ROOT || p.startsWith(`${API_ROOT}/`)) return this.handleAccounting(req);
    if (/^\/api\/connections(\/.*)?$/i.test(p))
      return { response: this.handleConnections(req), mutated: req.method === 'DELETE' };
    if (/^\/identity\/connect\/token$/i.test(p) && req.method === 'POST')
      return { response: this.handleToken(req), mutated: true };
    if (/^\/identity\/connect\/revocation$/i.test(p) && req.method === 'POST')
      return { response: this.handleRevoke(req), mutated: true };
    if (/^\/login\/identity\/connect\/authorize$/i.test(p) && req.method === 'GET')
      return { response: this.handleAuthorize(req), mutated: true };
    if (/^\/identity\/\.well-known\/openid-configuration$/i.test(p)) return { response: this.discovery(req) };
    return { response: notFound() };
  }

  faultResponse(plan: FaultPlan, req: SimRequest): SimResponse {
    if (plan.rateLimited) {
      const tenant = req.headers['xero-tenant-id'] ?? '';
      const rem = this.limiter.peek(tenant, XERO_DEMO_CLIENT_ID);
      return empty(429, {
        ...this.limitHeaders(rem),
        'x-rate-limit-problem': plan.rateLimited.problem,
        'retry-after': String(plan.rateLimited.retryAfterSec),
      });
    }
    const status = plan.failStatus ?? 500;
    if (status === 500) {
      return json(500, {
        ErrorNumber: 500,
        Type: 'UnknownErrorException',
        Message:
          'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.',
      });
    }
    if (status === 503) {
      return text(503, 'The Xero API is temporarily unavailable (simulated).', { 'retry-after': '1' });
    }
    return {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<html><body><h1>${status} ${status === 502 ? 'Bad Gateway' : status === 504 ? 'Gateway Timeout' : 'Error'}</h1></body></html>`,
    };
  }

  describe(baseUrl: string): XeroDescription {
    const apiHost = `${baseUrl}${PREFIX}/api`;
    const identityHost = `${baseUrl}${PREFIX}/identity`;
    const loginHost = `${baseUrl}${PREFIX}/login`;
    return {
      apiHost,
      identityHost,
      loginHost,
      apiBaseUrl: `${apiHost}/api.xro/2.0`,
      identityBaseUrl: identityHost,
      authorizeUrl: `${loginHost}/identity/connect/authorize`,
      tokenUrl: `${identityHost}/connect/token`,
      revocationUrl: `${identityHost}/connect/revocation`,
      connectionsUrl: `${apiHost}/connections`,
      clientId: XERO_DEMO_CLIENT_ID,
      clientSecret: XERO_DEMO_CLIENT_SECRET,
      pkceClientId: XERO_DEMO_PKCE_CLIENT_ID,
      tenants: this.tenants(),
    };
  }

  getSettings(): XeroSettings {
    return structuredClone(this.settings);
  }

  patchSettings(patch: unknown): XeroSettings {
    if (patch === null || typeof patch !== 'object') throw new Error('settings patch must be an object');
    this.settings = mergeApiSettings(this.settings, patch as XeroSettingsPatch);
    this.oauth.settings = this.settings.oauth;
    this.limiter.setSettings(this.limiterSettings());
    this.idempotency.ttlMs = this.settings.behaviour.idempotencyTtlSec * 1000;
    return this.getSettings();
  }

  snapshot(): XeroState {
    return {
      tenants: [...this.orgs.values()].map((o) => o.snapshot()),
      oauth: this.oauth.snapshot(),
      connections: [...this.connections.values()].map((c) => ({ ...c })),
    };
  }

  restore(state: unknown, opts: { keepAuth?: boolean } = {}): void {
    const s = state as XeroState;
    if (!s || !Array.isArray(s.tenants)) throw new Error('not a Xero snapshot');
    this.orgs.clear();
    for (const t of s.tenants) {
      const org = new XeroOrgStore(structuredClone(t));
      this.orgs.set(org.tenantId, org);
    }
    if (opts.keepAuth) {
      this.reconnectGrants();
    } else {
      this.oauth.restore(s.oauth);
      this.connections.clear();
      for (const c of s.connections ?? []) this.connections.set(c.id, { ...c });
    }
    this.idempotency.clear();
    this.limiter.reset();
  }

  reset(seed: SeedParams): void {
    this.seedParams = seed;
    this.seedOrgs(seed);
    this.reconnectGrants();
    this.idempotency.clear();
    this.limiter.reset();
  }

  /** After the tenants changed (reset, restore): connect every live grant to the current tenants only. */
  private reconnectGrants(): void {
    const grants = new Map<string, OAuthGrant>();
    for (const c of this.connections.values()) {
      const g = this.oauth.grant(c.authEventId);
      if (g && !g.revoked) grants.set(g.grantId, g);
    }
    this.connections.clear();
    for (const g of grants.values()) this.connectAll(g);
  }

  adminAction(action: string, body: unknown): unknown {
    const b = (body ?? {}) as Record<string, unknown>;
    switch (action) {
      case 'issue-token':
        return this.issueToken({
          ...(Array.isArray(b.scopes) ? { scopes: b.scopes.map(String) } : {}),
          ...(typeof b.clientId === 'string' ? { clientId: b.clientId } : {}),
        });
      case 'expire-tokens':
        this.oauth.expireAllAccessTokens();
        return { ok: true };
      case 'revoke-tokens':
        this.oauth.revokeAll();
        this.connections.clear();
        return { ok: true };
      case 'reset-limits':
        this.limiter.reset();
        return { ok: true };
      default:
        throw new Error(
          `unknown xero action '${action}' (issue-token, expire-tokens, revoke-tokens, reset-limits)`,
        );
    }
  }

  /** Issues a token pair without the browser flow, connected to every tenant (tests, benchmarks, admin). */
  issueToken(
    opts: { scopes?: string[]; clientId?: string } = {},
  ): TokenResponse & { tenants: XeroTenantInfo[] } {
    const t = this.oauth.issueDirect(
      opts.clientId ?? XERO_DEMO_CLIENT_ID,
      opts.scopes ?? XERO_ALL_SCOPES,
      (g) => this.connectAll(g),
    );
    return { ...t, tenants: this.tenants() };
  }

  /** Makes every access token issued so far expired (the "token expiry" fault). */
  expireTokens(): void {
    this.oauth.expireAllAccessTokens();
  }

  /** Revokes every grant and drops every connection (the "revocation" fault). */
  revokeTokens(): void {
    this.adminAction('revoke-tokens', {});
  }

  private limiterSettings() {
    const l = this.settings.limits;
    return {
      enabled: l.enabled,
      concurrent: l.concurrent,
      windows: [
        { name: 'minute', scope: 'tenant' as const, limit: l.perMinute, windowMs: 60_000 },
        { name: 'day', scope: 'tenant' as const, limit: l.perDay, windowMs: 86_400_000 },
        { name: 'appminute', scope: 'app' as const, limit: l.appPerMinute, windowMs: 60_000 },
      ],
    };
  }

  private seedOrgs(seed: SeedParams): void {
    this.orgs.clear();
    const ids = new Prng(mixSeed(seed.seed, 0x7e4a47));
    const main = generateCompany({ seed: seed.seed, scale: seed.scale });
    const mainId = ids.uuid();
    this.orgs.set(
      mainId,
      new XeroOrgStore(buildXeroOrg(main, { tenantId: mainId, shortCode: '!LfDm1' }), seedLineSource(main)),
    );
    // A second, small organisation so connectors exercise the tenant header and multi-tenant tokens.
    const second = generateCompany({
      seed: seed.seed + 1,
      contacts: 25,
      documents: 60,
      items: 12,
      name: 'Nordvik Trading AB',
    });
    const secondId = ids.uuid();
    this.orgs.set(
      secondId,
      new XeroOrgStore(
        buildXeroOrg(second, { tenantId: secondId, shortCode: '!NvTr2' }),
        seedLineSource(second),
      ),
    );
  }

  private connectAll(grant: OAuthGrant): void {
    const now = this.services.clock.now();
    for (const org of this.orgs.values()) {
      const existing = [...this.connections.values()].find(
        (c) => c.tenantId === org.tenantId && this.oauth.grant(c.authEventId)?.clientId === grant.clientId,
      );
      if (existing) {
        existing.authEventId = grant.grantId;
        existing.updatedDateUtc = now;
        continue;
      }
      const id = createHash('sha256').update(`${grant.clientId}:${org.tenantId}`).digest('hex');
      const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-a${id.slice(17, 20)}-${id.slice(20, 32)}`;
      this.connections.set(uuid, {
        id: uuid,
        authEventId: grant.grantId,
        tenantId: org.tenantId,
        createdDateUtc: now,
        updatedDateUtc: now,
      });
    }
  }

  private connectedTenants(grant: OAuthGrant): Set<string> {
    const out = new Set<string>();
    for (const c of this.connections.values()) {
      const g = this.oauth.grant(c.authEventId);
      if (g && !g.revoked && g.clientId === grant.clientId) out.add(c.tenantId);
    }
    return out;
  }

  private limitHeaders(rem: Record<string, number>): Record<string, string> {
    // xero-notes.md §2.1: every response carries the three remaining-count headers.
    const fmt = (n: number | undefined): string =>
      n === undefined || !Number.isFinite(n) ? '999999' : String(n);
    return {
      'x-daylimit-remaining': fmt(rem.day),
      'x-minlimit-remaining': fmt(rem.minute),
      'x-appminlimit-remaining': fmt(rem.appminute),
    };
  }

  private handleAccounting(req: SimRequest): ApiResult {
    const auth = this.oauth.checkAccess(req.headers.authorization);
    if (!auth.ok) {
      const detail =
        auth.reason === 'expired'
          ? `TokenExpired: token expired at ${utcString(auth.expiredAt ?? this.services.clock.now())
              .replace('T', ' ')
              .replace('Z', '')}`
          : auth.reason === 'revoked'
            ? 'AuthenticationUnsuccessful: the token has been revoked'
            : 'AuthenticationUnsuccessful';
      return { response: unauthorized(detail) };
    }
    const tenantId = (req.headers['xero-tenant-id'] ?? '').trim().toLowerCase();
    const org = this.orgs.get(tenantId);
    if (!tenantId || !org || !this.connectedTenants(auth.grant).has(tenantId))
      return { response: forbidden() };
    const sub = req.path.slice(API_ROOT.length) || '/';
    if (this.settings.enforceScopes) {
      const family = scopeFamily(sub);
      const read = req.method === 'GET';
      const ok = auth.grant.scopes.some(
        (s) => family.includes(s) || (read && family.some((f) => `${f}.read` === s)),
      );
      if (!ok) return { response: forbidden() };
    }
    const decision = this.limiter.acquire(tenantId, auth.grant.clientId);
    if (!decision.ok) {
      const headers: Record<string, string> = {
        ...this.limitHeaders(decision.remaining),
        'x-rate-limit-problem': decision.problem,
      };
      if (decision.retryAfterSimMs !== undefined) {
        headers['retry-after'] = String(
          Math.max(1, Math.ceil(this.services.clock.toRealMs(decision.retryAfterSimMs) / 1000)),
        );
      }
      return { response: empty(429, headers) };
    }
    const limitHeaders = this.limitHeaders(decision.remaining);
    const withHeaders = (r: SimResponse): SimResponse => ({
      ...r,
      headers: { ...r.headers, ...limitHeaders },
    });
    const match = this.router.match(req.method, sub);
    if (match.kind !== 'found') return { response: withHeaders(notFound()), done: decision.release };
    const write = req.method !== 'GET';
    const key = req.headers['idempotency-key'];
    const now = this.services.clock.now();
    let fingerprint = '';
    if (write && key !== undefined) {
      if (key.length > 128) {
        return {
          response: withHeaders(postDataInvalid('Idempotency Key must be 128 characters or fewer.')),
          done: decision.release,
        };
      }
      fingerprint = IdempotencyStore.fingerprint(req.method, `${req.path}?${req.query.toString()}`, req.body);
      const seen = this.idempotency.lookup(tenantId, key, fingerprint, now);
      // xero-notes.md §4.2 item 4: a repeat replays the stored response (errors too) and changes nothing.
      if (seen.kind === 'replay') return { response: withHeaders(seen.response), done: decision.release };
      if (seen.kind === 'conflict') {
        return {
          response: withHeaders(
            json(400, {
              ErrorNumber: 10,
              Type: 'ValidationException',
              Message: `Idempotency Key: ${key} is used with a different request.`,
              Elements: [],
            }),
          ),
          done: decision.release,
        };
      }
    }
    let body: unknown;
    let response: SimResponse;
    try {
      body = req.method === 'GET' || req.method === 'DELETE' ? undefined : parseJsonBody(req.body);
      const unitdp = req.query.get('unitdp') === '4' ? 4 : 2;
      const ctx: XeroCtx = {
        req,
        params: match.params,
        org,
        now,
        clientId: auth.grant.clientId,
        behaviour: this.settings.behaviour,
        unitdp,
        summarize: (req.query.get('summarizeErrors') ?? '').toLowerCase() !== 'false',
        body,
      };
      response = match.handler(ctx);
    } catch (e) {
      if (e instanceof SyntaxError) response = postDataInvalid(`JSON for post data was invalid,${e.message}`);
      else if (e instanceof BindError) response = postDataInvalid(e.message);
      else if (e instanceof QueryParseError) response = queryParseError(e.message);
      else if (e instanceof ElementError)
        response = json(400, {
          ErrorNumber: 10,
          Type: 'ValidationException',
          Message: e.message,
          Elements: [],
        });
      else throw e;
    }
    if (write && key !== undefined) this.idempotency.store(tenantId, key, fingerprint, response, now);
    return {
      response: withHeaders(response),
      done: decision.release,
      // A 400 may still have saved the valid elements (partial save), so any write counts as a change.
      mutated: write,
    };
  }

  private handleConnections(req: SimRequest): SimResponse {
    const auth = this.oauth.checkAccess(req.headers.authorization);
    if (!auth.ok)
      return unauthorized(
        auth.reason === 'expired' ? 'TokenExpired: token expired' : 'AuthenticationUnsuccessful',
      );
    const m = /^\/api\/connections\/([^/]+)$/i.exec(req.path);
    if (m && req.method === 'DELETE') {
      const id = decodeURIComponent(m[1] as string).toLowerCase();
      const c = this.connections.get(id);
      if (!c || this.oauth.grant(c.authEventId)?.clientId !== auth.grant.clientId) return notFound();
      this.connections.delete(id);
      return empty(204);
    }
    if (m || req.method !== 'GET') return notFound();
    const want = req.query.get('authEventId');
    const list = [...this.connections.values()]
      .filter(
        (c) =>
          this.oauth.grant(c.authEventId)?.clientId === auth.grant.clientId &&
          !this.oauth.grant(c.authEventId)?.revoked,
      )
      .filter((c) => !want || c.authEventId === want)
      .map((c) => ({
        id: c.id,
        authEventId: c.authEventId,
        tenantId: c.tenantId,
        tenantType: 'ORGANISATION',
        tenantName: this.orgs.get(c.tenantId)?.organisation.Name ?? '',
        createdDateUtc: new Date(c.createdDateUtc).toISOString().slice(0, 23),
        updatedDateUtc: new Date(c.updatedDateUtc).toISOString().slice(0, 23),
      }));
    return json(200, list);
  }

  private handleAuthorize(req: SimRequest): SimResponse {
    try {
      // A `sandbox_deny=1` query flag (or autoApprove=false) simulates the user clicking "Cancel".
      const deny = req.query.get('sandbox_deny') === '1' || req.query.get('sandbox_deny') === 'true';
      const location = this.oauth.authorize(req.query, (g) => this.connectAll(g), deny);
      return empty(302, { location });
    } catch (e) {
      if (e instanceof OAuthError)
        return json(400, { error: e.error, error_description: e.description ?? e.error });
      throw e;
    }
  }

  private handleToken(req: SimRequest): SimResponse {
    try {
      const form = parseFormBody(req.body);
      return json(200, this.oauth.token(form, req.headers.authorization), { 'cache-control': 'no-store' });
    } catch (e) {
      if (e instanceof OAuthError) return json(e.status, { error: e.error });
      throw e;
    }
  }

  private handleRevoke(req: SimRequest): SimResponse {
    try {
      const grant = this.oauth.revoke(parseFormBody(req.body), req.headers.authorization);
      // Revoking a refresh token removes the app's connections (Xero: the user disconnected).
      if (grant)
        for (const [id, c] of this.connections)
          if (c.authEventId === grant.grantId) this.connections.delete(id);
      return empty(200);
    } catch (e) {
      if (e instanceof OAuthError) return json(e.status, { error: e.error });
      throw e;
    }
  }

  private discovery(req: SimRequest): SimResponse {
    const base = `${req.origin}${PREFIX}`;
    return json(200, {
      issuer: `${base}/identity`,
      authorization_endpoint: `${base}/login/identity/connect/authorize`,
      token_endpoint: `${base}/identity/connect/token`,
      revocation_endpoint: `${base}/identity/connect/revocation`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: XERO_ALL_SCOPES,
    });
  }

  /** Seed parameters in effect. */
  get seed(): SeedParams {
    return this.seedParams;
  }
}
