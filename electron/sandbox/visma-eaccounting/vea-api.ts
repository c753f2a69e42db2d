import type { FaultInjector, FaultPlan } from '../kit/fault-injector';
import { mergeApiSettings, type ApiSettings, type ApiSettingsPatch } from '../kit/api-settings';
import {
  empty,
  json,
  parseFormBody,
  parseJsonBody,
  type SimRequest,
  type SimResponse,
} from '../kit/http-kit';
import {
  OAuthError,
  OAuthServer,
  type OAuthClient,
  type OAuthSettings,
  type OAuthState,
  type TokenResponse,
} from '../kit/oauth-server';
import { Prng } from '../kit/prng';
import { RateLimiter } from '../kit/rate-limiter';
import { Router } from '../kit/router';
import type { ApiResult, ApiServices, SandboxApi, SeedParams } from '../kit/sandbox-api';
import { generateCompany, mixSeed } from '../seed/company-generator';
import {
  defaultVeaBehaviour,
  VeaError,
  veaErrorResponse,
  type VeaBehaviour,
  type VeaCtx,
  type VeaRoute,
} from './vea-context';
import { registerCustomerRoutes } from './vea-customers.routes';
import { registerInvoiceRoutes } from './vea-invoices.routes';
import { ODataError } from './vea-odata';
import { buildVeaCompany, veaSeedRows, type VeaCompanyState } from './vea-seed';
import { registerSettingsRoutes } from './vea-settings.routes';
import { VeaStore } from './vea-store';

/** eAccounting's rate limit (visma-notes.md §1.6): 600 calls a minute per client and endpoint. */
export interface VeaLimits {
  enabled: boolean;
  perMinute: number;
  /** What a window counts: each client's calls per endpoint (the documented rule) or per client overall. */
  keyBy: 'endpoint' | 'client';
}

/** OAuth settings of the Visma Online identity server simulator. */
export interface VeaOAuthSettings extends OAuthSettings {
  /**
   * Whether refresh tokens rotate. visma-notes.md §1.2: clients created after the 2024 change get reusable
   * refresh tokens (false, the default); older clients rotating ones (true).
   */
  rotateRefreshTokens: boolean;
}

/** The Vea simulator's settings. */
export type VeaSettings = ApiSettings<VeaLimits, VeaBehaviour, VeaOAuthSettings>;

/** A patch of VeaSettings (each group merged field by field). */
export type VeaSettingsPatch = ApiSettingsPatch<VeaLimits, VeaBehaviour, VeaOAuthSettings>;

/** The defaults: the documented limit and token lifetime; UNVERIFIED values as visma-notes.md suggests. */
export function defaultVeaSettings(): VeaSettings {
  return {
    limits: { enabled: true, perMinute: 600, keyBy: 'endpoint' },
    oauth: {
      accessTokenTtlSec: 3600,
      // IdentityServer's one-time refresh tokens stop working as soon as they are used (UNVERIFIED for Visma).
      refreshGraceSec: 0,
      refreshIdleSec: 30 * 86_400,
      authCodeTtlSec: 300,
      autoApprove: true,
      rotateRefreshTokens: false,
    },
    behaviour: defaultVeaBehaviour(),
    enforceScopes: true,
  };
}

/** The demo client (authorization code, Basic auth at the token endpoint, PKCE optional). */
export const VEA_DEMO_CLIENT_ID = 'ledgerflow_sandbox_eaccounting';
/** Its secret. */
export const VEA_DEMO_CLIENT_SECRET = 'ledgerflow-sandbox-eaccounting-secret-not-for-production';
/** Every scope the simulator knows (visma-notes.md §1.2). */
export const VEA_ALL_SCOPES = [
  'offline_access',
  'ea:api',
  'ea:sales',
  'ea:sales_readonly',
  'ea:accounting',
  'ea:accounting_readonly',
  'ea:purchase',
  'ea:purchase_readonly',
];

/** The serializable state of the eAccounting simulator. */
export interface VeaState {
  company: VeaCompanyState;
  oauth: OAuthState;
}

/** What the simulator tells a client about itself (absolute URLs). */
export interface VeaDescription {
  /** Replaces https://eaccountingapi.vismaonline.com. */
  apiHost: string;
  /** Replaces https://identity.vismaonline.com. */
  identityHost: string;
  /** `${apiHost}/v2`. */
  apiBaseUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  revocationUrl: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  company: { id: string; name: string };
}

/** Options of the simulator. */
export interface VeaApiOptions {
  seed: SeedParams;
  settings?: VeaSettingsPatch;
  faults: FaultInjector;
  services: ApiServices;
}

const PREFIX = '/visma-eaccounting';
const API_ROOT = '/api/v2';

/**
 * The Visma eAccounting API v2 simulator, mounted at `/visma-eaccounting` with two "hosts" below it:
 * `/visma-eaccounting/api` ↔ https://eaccountingapi.vismaonline.com and `/visma-eaccounting/identity` ↔
 * https://identity.vismaonline.com (visma-notes.md §1.1), so every path below a host is the real path.
 */
export class VismaEaccountingApi implements SandboxApi {
  readonly name = 'visma-eaccounting';
  readonly prefix = PREFIX;
  readonly faults: FaultInjector;
  private settings: VeaSettings;
  private store!: VeaStore;
  private readonly client: OAuthClient;
  private readonly oauth: OAuthServer;
  private readonly limiter: RateLimiter;
  private readonly router = new Router<VeaRoute>(true);
  private readonly services: ApiServices;

  constructor(opts: VeaApiOptions) {
    this.faults = opts.faults;
    this.services = opts.services;
    this.settings = mergeApiSettings(defaultVeaSettings(), opts.settings ?? {});
    this.client = {
      clientId: VEA_DEMO_CLIENT_ID,
      clientSecret: VEA_DEMO_CLIENT_SECRET,
      name: 'Ledgerflow (sandbox)',
      rotateRefreshTokens: this.settings.oauth.rotateRefreshTokens,
    };
    this.oauth = new OAuthServer(
      'https://identity.vismaonline.com',
      [this.client],
      this.settings.oauth,
      opts.services.clock,
      {
        // visma-notes.md §1.2: `token_type` is "bearer"; the token carries customer_id and client_id claims.
        tokenType: 'bearer',
        extraClaims: () => ({ customer_id: this.store.companyId, idp: 'Visma Connect' }),
      },
    );
    this.limiter = new RateLimiter(this.limiterSettings(), opts.services.clock);
    registerCustomerRoutes(this.router);
    registerSettingsRoutes(this.router);
    registerInvoiceRoutes(this.router);
    this.seed(opts.seed);
  }

  get maxBodyBytes(): number {
    return this.settings.behaviour.maxBodyBytes;
  }

  /** The company's data (tests, benchmarks). */
  company(): VeaStore {
    return this.store;
  }

  operationOf(req: SimRequest): string {
    const p = req.path;
    if (p === API_ROOT || p.startsWith(`${API_ROOT}/`)) {
      const m = this.router.match(req.method, p.slice(API_ROOT.length) || '/');
      return m.kind === 'found' ? m.operation : `${req.method} (unknown)`;
    }
    if (/^\/identity\/connect\/token$/i.test(p)) return 'POST /connect/token';
    if (/^\/identity\/connect\/revocation$/i.test(p)) return 'POST /connect/revocation';
    if (/^\/identity\/connect\/authorize$/i.test(p)) return 'GET /connect/authorize';
    return `${req.method} (unknown)`;
  }

  handle(req: SimRequest): ApiResult {
    const p = req.path;
    if (p === API_ROOT || p.startsWith(`${API_ROOT}/`)) return this.handleApi(req);
    if (/^\/identity\/connect\/token$/i.test(p) && req.method === 'POST')
      return { response: this.handleToken(req), mutated: true };
    if (/^\/identity\/connect\/revocation$/i.test(p) && req.method === 'POST')
      return { response: this.handleRevoke(req), mutated: true };
    if (/^\/identity\/connect\/authorize$/i.test(p) && req.method === 'GET')
      return { response: this.handleAuthorize(req), mutated: true };
    if (/^\/identity\/\.well-known\/openid-configuration$/i.test(p)) return { response: this.discovery(req) };
    return { response: veaErrorResponse(404, 3000, 'ResourceNotFound - no such endpoint.') };
  }

  faultResponse(plan: FaultPlan): SimResponse {
    if (plan.rateLimited) return this.tooMany(plan.rateLimited.retryAfterSec);
    const status = plan.failStatus ?? 500;
    if (status === 500)
      return veaErrorResponse(500, 5000, 'InternalServerError - an unexpected error occurred (simulated).');
    if (status === 503)
      return veaErrorResponse(
        503,
        5001,
        'CantReachSystemDependency - a system dependency is unavailable (simulated).',
      );
    return {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<html><body><h1>${status} ${status === 502 ? 'Bad Gateway' : status === 504 ? 'Gateway Timeout' : 'Error'}</h1></body></html>`,
    };
  }

  describe(baseUrl: string): VeaDescription {
    const apiHost = `${baseUrl}${PREFIX}/api`;
    const identityHost = `${baseUrl}${PREFIX}/identity`;
    return {
      apiHost,
      identityHost,
      apiBaseUrl: `${apiHost}/v2`,
      authorizeUrl: `${identityHost}/connect/authorize`,
      tokenUrl: `${identityHost}/connect/token`,
      revocationUrl: `${identityHost}/connect/revocation`,
      discoveryUrl: `${identityHost}/.well-known/openid-configuration`,
      clientId: VEA_DEMO_CLIENT_ID,
      clientSecret: VEA_DEMO_CLIENT_SECRET,
      scopes: VEA_ALL_SCOPES,
      company: { id: this.store.companyId, name: this.store.name },
    };
  }

  getSettings(): VeaSettings {
    return structuredClone(this.settings);
  }

  patchSettings(patch: unknown): VeaSettings {
    if (patch === null || typeof patch !== 'object') throw new Error('settings patch must be an object');
    const next = mergeApiSettings(this.settings, patch as VeaSettingsPatch);
    const b = next.behaviour;
    if (!(b.defaultPageSize >= 1 && b.maxPageSize >= 1)) throw new Error('page sizes must be >= 1');
    if (!['cap', 'error'].includes(b.pageSizeOverMax))
      throw new Error("pageSizeOverMax must be 'cap' or 'error'");
    if (!['empty', 'error'].includes(b.pageBeyondEnd))
      throw new Error("pageBeyondEnd must be 'empty' or 'error'");
    if (!['endpoint', 'client'].includes(next.limits.keyBy))
      throw new Error("limits.keyBy must be 'endpoint' or 'client'");
    this.settings = next;
    this.oauth.settings = this.settings.oauth;
    this.client.rotateRefreshTokens = this.settings.oauth.rotateRefreshTokens;
    this.limiter.setSettings(this.limiterSettings());
    return this.getSettings();
  }

  snapshot(): VeaState {
    return { company: this.store.snapshot(), oauth: this.oauth.snapshot() };
  }

  restore(state: unknown, opts: { keepAuth?: boolean } = {}): void {
    const s = state as VeaState;
    if (!s || !s.company || !Array.isArray(s.company.invoices))
      throw new Error('not a Visma eAccounting snapshot');
    this.store = new VeaStore(structuredClone(s.company));
    if (!opts.keepAuth) this.oauth.restore(s.oauth);
    this.limiter.reset();
  }

  reset(seed: SeedParams): void {
    this.seed(seed);
    this.limiter.reset();
  }

  adminAction(action: string, body: unknown): unknown {
    const b = (body ?? {}) as Record<string, unknown>;
    switch (action) {
      case 'issue-token':
        return this.issueToken(Array.isArray(b.scopes) ? { scopes: b.scopes.map(String) } : {});
      case 'expire-tokens':
        this.expireTokens();
        return { ok: true };
      case 'revoke-tokens':
        this.revokeTokens();
        return { ok: true };
      case 'reset-limits':
        this.limiter.reset();
        return { ok: true };
      default:
        throw new Error(
          `unknown visma-eaccounting action '${action}' (issue-token, expire-tokens, revoke-tokens, reset-limits)`,
        );
    }
  }

  /** A token pair for the demo company without the browser flow (tests, benchmarks, admin). */
  issueToken(opts: { scopes?: string[] } = {}): TokenResponse & { company: { id: string; name: string } } {
    const t = this.oauth.issueDirect(VEA_DEMO_CLIENT_ID, opts.scopes ?? VEA_ALL_SCOPES, () => undefined);
    return { ...t, company: { id: this.store.companyId, name: this.store.name } };
  }

  /** Every access token issued so far becomes expired (401 with ErrorCode 4005). */
  expireTokens(): void {
    this.oauth.expireAllAccessTokens();
  }

  /** Every grant is revoked: refresh tokens fail with invalid_grant, access tokens get 401. */
  revokeTokens(): void {
    this.oauth.revokeAll();
  }

  private seed(seed: SeedParams): void {
    const c = generateCompany({ seed: seed.seed, scale: seed.scale });
    const companyId = new Prng(mixSeed(seed.seed, 0xea00)).uuid();
    const state = buildVeaCompany(c, { companyId, scale: seed.scale });
    this.store = new VeaStore(state, veaSeedRows(c, state));
  }

  private limiterSettings() {
    const l = this.settings.limits;
    return {
      enabled: l.enabled,
      concurrent: 0,
      windows: [{ name: 'minute', scope: 'tenant' as const, limit: l.perMinute, windowMs: 60_000 }],
    };
  }

  /** visma-notes.md §1.6: 429 with ErrorCode 4010 and the seconds to wait in the message; no headers. */
  private tooMany(retryAfterSec: number): SimResponse {
    return veaErrorResponse(
      429,
      4010,
      `API calls quota exceeded! maximum admitted ${this.settings.limits.perMinute} per Minute. Try again in ${Math.max(1, Math.ceil(retryAfterSec))} seconds.`,
    );
  }

  private handleApi(req: SimRequest): ApiResult {
    const auth = this.oauth.checkAccess(req.headers.authorization);
    if (!auth.ok) {
      // visma-notes.md §1.7: the 401 example body.
      return {
        response: veaErrorResponse(
          401,
          4005,
          'AuthorizationException - Authorization has been denied for this request.',
        ),
      };
    }
    const sub = req.path.slice(API_ROOT.length) || '/';
    const match = this.router.match(req.method, sub);
    if (match.kind === 'method-not-allowed') {
      // ASP.NET Web API's answer to an unsupported verb (PATCH is not released, visma-notes.md §1.3).
      return {
        response: json(405, {
          Message: `The requested resource does not support http method '${req.method}'.`,
        }),
      };
    }
    if (match.kind === 'not-found')
      return { response: veaErrorResponse(404, 3000, 'ResourceNotFound - no such endpoint.') };
    if (this.settings.enforceScopes) {
      const scopes = auth.grant.scopes;
      let need = match.handler.scopes;
      if (
        !this.settings.behaviour.readonlyScopeMayCreateInvoices &&
        (match.operation === 'POST /customerinvoices' ||
          match.operation === 'POST /customerinvoices/{invoiceId}/void')
      )
        need = ['ea:sales'];
      if (!scopes.includes('ea:api') || !need.some((s) => scopes.includes(s))) {
        return {
          response: veaErrorResponse(
            403,
            4006,
            `NoAccessToScopes - the token lacks the scopes of this operation (any of: ${need.join(', ')}; and ea:api).`,
          ),
        };
      }
    }
    const endpoint = match.operation.replace(/^\S+\s+/, '');
    const key =
      this.settings.limits.keyBy === 'endpoint' ? `${auth.grant.clientId} ${endpoint}` : auth.grant.clientId;
    const decision = this.limiter.acquire(key, auth.grant.clientId);
    if (!decision.ok) {
      const ms = this.services.clock.toRealMs(decision.retryAfterSimMs ?? 60_000);
      return { response: this.tooMany(ms / 1000) };
    }
    let response: SimResponse;
    const write = req.method !== 'GET';
    if (write) this.store.changed();
    try {
      let body: unknown;
      try {
        body = req.method === 'GET' || req.method === 'DELETE' ? undefined : parseJsonBody(req.body);
      } catch {
        throw new VeaError(400, 2000, 'DataModelValidationError - the request body is not valid JSON.');
      }
      const ctx: VeaCtx = {
        req,
        params: match.params,
        store: this.store,
        now: this.services.clock.now(),
        body,
        behaviour: this.settings.behaviour,
      };
      response = match.handler.handle(ctx);
    } catch (e) {
      if (e instanceof VeaError) response = veaErrorResponse(e.status, e.errorCode, e.message, e.errors);
      else if (e instanceof ODataError)
        response = veaErrorResponse(
          400,
          e.errorCode,
          `${e.errorCode === 6000 ? 'QueryParameterError' : 'InvalidInput'} - ${e.message}`,
        );
      else throw e;
    }
    return { response, done: decision.release, mutated: write && response.status < 300 };
  }

  private handleAuthorize(req: SimRequest): SimResponse {
    try {
      const deny = req.query.get('sandbox_deny') === '1' || req.query.get('sandbox_deny') === 'true';
      return empty(302, { location: this.oauth.authorize(req.query, () => undefined, deny) });
    } catch (e) {
      if (e instanceof OAuthError)
        return json(400, { error: e.error, error_description: e.description ?? e.error });
      throw e;
    }
  }

  private handleToken(req: SimRequest): SimResponse {
    try {
      return json(200, this.oauth.token(parseFormBody(req.body), req.headers.authorization), {
        'cache-control': 'no-store',
      });
    } catch (e) {
      if (e instanceof OAuthError) return json(e.status, { error: e.error });
      throw e;
    }
  }

  private handleRevoke(req: SimRequest): SimResponse {
    try {
      this.oauth.revoke(parseFormBody(req.body), req.headers.authorization);
      return empty(200);
    } catch (e) {
      if (e instanceof OAuthError) return json(e.status, { error: e.error });
      throw e;
    }
  }

  private discovery(req: SimRequest): SimResponse {
    const base = `${req.origin}${PREFIX}/identity`;
    return json(200, {
      issuer: 'https://identity.vismaonline.com',
      authorization_endpoint: `${base}/connect/authorize`,
      token_endpoint: `${base}/connect/token`,
      revocation_endpoint: `${base}/connect/revocation`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: VEA_ALL_SCOPES,
    });
  }
}
