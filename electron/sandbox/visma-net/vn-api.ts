import { randomUUID } from 'node:crypto';
import { mergeApiSettings, type ApiSettings, type ApiSettingsPatch } from '../kit/api-settings';
import type { FaultInjector, FaultPlan } from '../kit/fault-injector';
import { json, parseFormBody, parseJsonBody, text, type SimRequest, type SimResponse } from '../kit/http-kit';
import { OAuthError, OAuthServer, type OAuthState, type TokenResponse } from '../kit/oauth-server';
import { Prng } from '../kit/prng';
import { RateLimiter } from '../kit/rate-limiter';
import { Router } from '../kit/router';
import type { ApiResult, ApiServices, SandboxApi, SeedParams } from '../kit/sandbox-api';
import { generateCompany, mixSeed } from '../seed/company-generator';
import {
  defaultVnBehaviour,
  VnError,
  vnErrorResponse,
  vnDateTime,
  type VnBehaviour,
  type VnCtx,
  type VnRoute,
} from './vn-context';
import { registerCustomerInvoiceRoutes } from './vn-customer-invoices.routes';
import { registerCustomerPaymentRoutes } from './vn-customer-payments.routes';
import { registerCustomerRoutes } from './vn-customers.routes';
import { registerInventoryRoutes } from './vn-inventory.routes';
import { registerLedgerRoutes } from './vn-ledger.routes';
import { registerSalesOrderV1Routes, salesOrderBookV1 } from './vn-sales-orders-v1.routes';
import { buildVnCompany, vnSeedLines } from './vn-seed';
import { VnCompany, type VnCompanyState } from './vn-store';

/** Visma.net's hourly limit per company and client (visma-notes.md §2.6; the number is not published). */
export interface VnLimits {
  enabled: boolean;
  perHour: number;
  /** `X-RateLimit-Policy` (§2.6: "4-fixed-window" on api.finance.visma.net). */
  policy: string;
}

/** The Vn simulator's settings. */
export type VnSettings = ApiSettings<VnLimits, VnBehaviour>;

/** A patch of VnSettings (each group merged field by field). */
export type VnSettingsPatch = ApiSettingsPatch<VnLimits, VnBehaviour>;

/** The defaults (the hourly number and the token lifetime are UNVERIFIED; §2.2 "usually 3600"). */
export function defaultVnSettings(): VnSettings {
  return {
    limits: { enabled: true, perHour: 3600, policy: '4-fixed-window' },
    oauth: {
      accessTokenTtlSec: 3600,
      refreshGraceSec: 0,
      refreshIdleSec: 0,
      authCodeTtlSec: 300,
      autoApprove: true,
    },
    behaviour: defaultVnBehaviour(),
    enforceScopes: true,
  };
}

/** The demo service client (client credentials with a tenant id, visma-notes.md §2.2). */
export const VN_DEMO_CLIENT_ID = 'isv_ledgerflow_sandbox_vismanet';
/** Its secret. */
export const VN_DEMO_CLIENT_SECRET = 'ledgerflow-sandbox-vismanet-secret-not-for-production';
/** The service scopes (§2.2 [S]). */
export const VN_ALL_SCOPES = [
  'vismanet_erp_service_api:create',
  'vismanet_erp_service_api:read',
  'vismanet_erp_service_api:update',
  'vismanet_erp_service_api:delete',
];

/** A tenant (company) of the simulator. */
export interface VnTenantInfo {
  tenantId: string;
  name: string;
}

/** The serializable state of the simulator. */
export interface VnState {
  companies: VnCompanyState[];
  oauth: OAuthState;
}

/** What the simulator tells a client about itself (absolute URLs). */
export interface VnDescription {
  /** Replaces https://api.finance.visma.net (so `${apiBaseUrl}/v1/customer`). */
  apiHost: string;
  apiBaseUrl: string;
  /** Replaces https://integration.visma.net/API (old host; paths `/controller/api/v1/…`). */
  legacyHost: string;
  legacyApiBaseUrl: string;
  /** Replaces https://connect.visma.com. */
  connectHost: string;
  tokenUrl: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  tenants: VnTenantInfo[];
}

/** Options of the simulator. */
export interface VnApiOptions {
  seed: SeedParams;
  settings?: VnSettingsPatch;
  faults: FaultInjector;
  services: ApiServices;
}

interface BackgroundJob {
  id: string;
  receivedUtc: string;
  finishedUtc: string;
  webhook: string;
  uri: string;
  tenantId: string;
  response: SimResponse;
}

const PREFIX = '/visma-net';
const HOSTS = [
  { root: '/api', legacy: false },
  { root: '/integration/controller/api', legacy: true },
];

/**
 * The Visma.net ERP API simulator, mounted at `/visma-net`: `/visma-net/api` ↔ https://api.finance.visma.net,
 * `/visma-net/integration` ↔ https://integration.visma.net/API (the old host, same operations) and
 * `/visma-net/connect` ↔ https://connect.visma.com (visma-notes.md §2.1, §2.2).
 */
export class VismaNetApi implements SandboxApi {
  readonly name = 'visma-net';
  readonly prefix = PREFIX;
  readonly faults: FaultInjector;
  private settings: VnSettings;
  private readonly companies = new Map<string, VnCompany>();
  private readonly oauth: OAuthServer;
  private readonly limiter: RateLimiter;
  private readonly router = new Router<VnRoute>(true);
  private readonly services: ApiServices;
  private readonly jobs = new Map<string, BackgroundJob>();

  constructor(opts: VnApiOptions) {
    this.faults = opts.faults;
    this.services = opts.services;
    this.settings = mergeApiSettings(defaultVnSettings(), opts.settings ?? {});
    this.oauth = new OAuthServer(
      'https://connect.visma.com',
      [
        {
          clientId: VN_DEMO_CLIENT_ID,
          clientSecret: VN_DEMO_CLIENT_SECRET,
          name: 'Ledgerflow (sandbox)',
          grantTypes: ['client_credentials'],
        },
      ],
      this.settings.oauth,
      opts.services.clock,
      { extraClaims: (g) => ({ tenant_id: g.tenantId ?? null }) },
    );
    this.limiter = new RateLimiter(this.limiterSettings(), opts.services.clock);
    registerCustomerRoutes(this.router);
    registerInventoryRoutes(this.router, salesOrderBookV1);
    registerSalesOrderV1Routes(this.router);
    registerCustomerInvoiceRoutes(this.router);
    registerCustomerPaymentRoutes(this.router);
    registerLedgerRoutes(this.router);
    this.seed(opts.seed);
  }

  get maxBodyBytes(): number {
    return this.settings.behaviour.maxBodyBytes;
  }

  /** The companies (tenants). */
  tenants(): VnTenantInfo[] {
    return [...this.companies.values()].map((c) => ({ tenantId: c.tenantId, name: c.name }));
  }

  /** One company's data (tests, benchmarks). */
  company(tenantId: string): VnCompany | undefined {
    return this.companies.get(tenantId);
  }

  private apiPath(path: string): string | undefined {
    for (const h of HOSTS) {
      if (h.legacy && !this.settings.behaviour.legacyHost) continue;
      if (path.toLowerCase().startsWith(`${h.root}/`)) return path.slice(h.root.length);
    }
    return undefined;
  }

  operationOf(req: SimRequest): string {
    const sub = this.apiPath(req.path);
    if (sub !== undefined) {
      if (/^\/v1\/background\//i.test(sub))
        return `GET /v1/background/{id}${sub.endsWith('/content') ? '/content' : ''}`;
      const m = this.router.match(req.method, sub);
      return m.kind === 'found' ? m.operation : `${req.method} (unknown)`;
    }
    if (/^\/connect\/connect\/token$/i.test(req.path)) return 'POST /connect/token';
    return `${req.method} (unknown)`;
  }

  handle(req: SimRequest): ApiResult {
    const sub = this.apiPath(req.path);
    if (sub !== undefined) return this.handleApi(req, sub);
    if (/^\/connect\/connect\/token$/i.test(req.path) && req.method === 'POST')
      return { response: this.handleToken(req), mutated: true };
    if (/^\/connect\/\.well-known\/openid-configuration$/i.test(req.path))
      return { response: this.discovery(req) };
    return { response: vnErrorResponse(404, '10004', 'No such endpoint.') };
  }

  faultResponse(plan: FaultPlan, req: SimRequest): SimResponse {
    if (plan.rateLimited) {
      return json(
        429,
        {
          statusCode: 429,
          message: `Rate limit is exceeded. Try again in ${plan.rateLimited.retryAfterSec} seconds.`,
        },
        {
          'retry-after': String(plan.rateLimited.retryAfterSec),
          'x-ratelimit-limit': String(this.settings.limits.perHour),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(plan.rateLimited.retryAfterSec),
          'x-ratelimit-policy': this.settings.limits.policy,
        },
      );
    }
    const status = plan.failStatus ?? 500;
    void req;
    if (status === 500) return vnErrorResponse(500, '50000', 'An error has occurred (simulated).');
    if (status === 503)
      return json(
        503,
        { statusCode: 503, message: 'Service Unavailable (simulated).' },
        { 'retry-after': '1' },
      );
    return {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<html><body><h1>${status} ${status === 502 ? 'Bad Gateway' : status === 504 ? 'Gateway Timeout' : 'Error'}</h1></body></html>`,
    };
  }

  describe(baseUrl: string): VnDescription {
    const apiHost = `${baseUrl}${PREFIX}/api`;
    const legacyHost = `${baseUrl}${PREFIX}/integration`;
    const connectHost = `${baseUrl}${PREFIX}/connect`;
    return {
      apiHost,
      apiBaseUrl: apiHost,
      legacyHost,
      legacyApiBaseUrl: `${legacyHost}/controller/api`,
      connectHost,
      tokenUrl: `${connectHost}/connect/token`,
      discoveryUrl: `${connectHost}/.well-known/openid-configuration`,
      clientId: VN_DEMO_CLIENT_ID,
      clientSecret: VN_DEMO_CLIENT_SECRET,
      scopes: VN_ALL_SCOPES,
      tenants: this.tenants(),
    };
  }

  getSettings(): VnSettings {
    return structuredClone(this.settings);
  }

  patchSettings(patch: unknown): VnSettings {
    if (patch === null || typeof patch !== 'object') throw new Error('settings patch must be an object');
    const next = mergeApiSettings(this.settings, patch as VnSettingsPatch);
    const b = next.behaviour;
    if (!(b.defaultPageSize >= 1 && b.maxPageSize >= 1 && b.inventoryMaxPageSize >= 1))
      throw new Error('page sizes must be >= 1');
    this.settings = next;
    this.oauth.settings = this.settings.oauth;
    this.limiter.setSettings(this.limiterSettings());
    return this.getSettings();
  }

  snapshot(): VnState {
    return { companies: [...this.companies.values()].map((c) => c.snapshot()), oauth: this.oauth.snapshot() };
  }

  restore(state: unknown, opts: { keepAuth?: boolean } = {}): void {
    const s = state as VnState;
    if (!s || !Array.isArray(s.companies)) throw new Error('not a Visma.net snapshot');
    this.companies.clear();
    for (const c of s.companies) {
      const co = new VnCompany(structuredClone(c));
      this.companies.set(co.tenantId, co);
    }
    if (!opts.keepAuth) this.oauth.restore(s.oauth);
    this.jobs.clear();
    this.limiter.reset();
  }

  reset(seed: SeedParams): void {
    this.seed(seed);
    this.jobs.clear();
    this.limiter.reset();
  }

  adminAction(action: string, body: unknown): unknown {
    const b = (body ?? {}) as Record<string, unknown>;
    switch (action) {
      case 'issue-token':
        return this.issueToken({
          ...(Array.isArray(b.scopes) ? { scopes: b.scopes.map(String) } : {}),
          ...(typeof b.tenantId === 'string' ? { tenantId: b.tenantId } : {}),
        });
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
          `unknown visma-net action '${action}' (issue-token, expire-tokens, revoke-tokens, reset-limits)`,
        );
    }
  }

  /** A client-credentials token for one company (default: the first), without calling the token endpoint. */
  issueToken(opts: { scopes?: string[]; tenantId?: string } = {}): TokenResponse & { tenantId: string } {
    const tenantId = opts.tenantId ?? (this.tenants()[0] as VnTenantInfo).tenantId;
    if (!this.companies.has(tenantId)) throw new Error(`unknown tenant '${tenantId}'`);
    const t = this.oauth.issueDirect(
      VN_DEMO_CLIENT_ID,
      opts.scopes ?? VN_ALL_SCOPES,
      () => undefined,
      tenantId,
    );
    return { ...t, tenantId };
  }

  /** Every access token issued so far becomes expired (401). */
  expireTokens(): void {
    this.oauth.expireAllAccessTokens();
  }

  /** Every grant is revoked (401). */
  revokeTokens(): void {
    this.oauth.revokeAll();
  }

  private seed(seed: SeedParams): void {
    this.companies.clear();
    const ids = new Prng(mixSeed(seed.seed, 0x7e7a));
    const main = generateCompany({ seed: seed.seed, scale: seed.scale });
    const mainState = buildVnCompany(main, {
      tenantId: ids.uuid(),
      name: main.name,
      scale: seed.scale,
      withNewRecords: true,
    });
    this.companies.set(mainState.tenantId, new VnCompany(mainState, vnSeedLines(main)));
    // A second, small company so connectors exercise the tenant binding of tokens.
    const second = generateCompany({
      seed: seed.seed + 1,
      contacts: 25,
      documents: 60,
      items: 12,
      name: 'Nordvik Trading AB',
    });
    const secondState = buildVnCompany(second, {
      tenantId: ids.uuid(),
      name: second.name,
      scale: 0.05,
      withNewRecords: false,
    });
    this.companies.set(secondState.tenantId, new VnCompany(secondState, vnSeedLines(second)));
  }

  private limiterSettings() {
    const l = this.settings.limits;
    return {
      enabled: l.enabled,
      concurrent: 0,
      windows: [{ name: 'hour', scope: 'tenant' as const, limit: l.perHour, windowMs: 3_600_000 }],
    };
  }

  private limitHeaders(key: string, clientId: string): Record<string, string> {
    const remaining = this.limiter.peek(key, clientId).hour ?? 0;
    const reset = this.limiter.resetIn(key, clientId).hour ?? 0;
    return {
      'x-ratelimit-limit': String(this.settings.limits.perHour),
      'x-ratelimit-remaining': String(Number.isFinite(remaining) ? remaining : this.settings.limits.perHour),
      'x-ratelimit-reset': String(Math.ceil(this.services.clock.toRealMs(reset) / 1000)),
      'x-ratelimit-policy': this.settings.limits.policy,
    };
  }

  private handleApi(req: SimRequest, sub: string): ApiResult {
    const auth = this.oauth.checkAccess(req.headers.authorization);
    if (!auth.ok) {
      const why =
        auth.reason === 'expired'
          ? 'the access token has expired'
          : auth.reason === 'missing'
            ? 'the access token is missing'
            : 'the access token is invalid or revoked';
      return {
        response: vnErrorResponse(401, '12001', `Unauthorized: ${why}.`, {
          'www-authenticate': `Bearer error="invalid_token", error_description="${why}"`,
        }),
      };
    }
    // The company comes from the token's tenant; a legacy `ipp-company-id` header is accepted and ignored (§2.2).
    const company = this.companies.get(String(auth.grant.tenantId ?? ''));
    if (!company) {
      return {
        response: vnErrorResponse(
          401,
          '12002',
          'No company context: the token is not bound to a company of this API.',
        ),
      };
    }
    const key = `${company.tenantId} ${auth.grant.clientId}`;
    const decision = this.limiter.acquire(key, auth.grant.clientId);
    if (!decision.ok) {
      const sec = Math.max(1, Math.ceil(this.services.clock.toRealMs(decision.retryAfterSimMs ?? 0) / 1000));
      return {
        response: json(
          429,
          { statusCode: 429, message: `Rate limit is exceeded. Try again in ${sec} seconds.` },
          { ...this.limitHeaders(key, auth.grant.clientId), 'retry-after': String(sec) },
        ),
      };
    }
    const headers = this.limitHeaders(key, auth.grant.clientId);
    const out = (r: SimResponse, mutated = false): ApiResult => ({
      response: { ...r, headers: { ...r.headers, ...headers } },
      done: decision.release,
      mutated,
    });
    const bg = /^\/v1\/background\/([^/]+)(\/content)?$/i.exec(sub);
    if (bg && req.method === 'GET')
      return out(this.backgroundState(req, company.tenantId, bg[1] as string, bg[2] !== undefined));
    const match = this.router.match(req.method, sub);
    if (match.kind === 'method-not-allowed')
      return out(
        json(405, { message: `The requested resource does not support http method '${req.method}'.` }),
      );
    if (match.kind === 'not-found') return out(vnErrorResponse(404, '10004', `No such endpoint: ${sub}`));
    if (
      this.settings.enforceScopes &&
      !auth.grant.scopes.includes(`vismanet_erp_service_api:${match.handler.scope}`)
    ) {
      return out(
        vnErrorResponse(
          403,
          '12003',
          `Forbidden: the token lacks the scope vismanet_erp_service_api:${match.handler.scope}.`,
        ),
      );
    }
    let response: SimResponse;
    try {
      let body: unknown;
      try {
        body = req.method === 'GET' || req.method === 'DELETE' ? undefined : parseJsonBody(req.body);
      } catch {
        throw new VnError(400, '10000', 'The request body is not valid JSON.');
      }
      const root = `${req.origin}${PREFIX}${req.path.slice(0, req.path.length - sub.length)}`;
      const ctx: VnCtx = {
        req,
        params: match.params,
        company,
        now: this.services.clock.now(),
        body,
        behaviour: this.settings.behaviour,
        apiRoot: root,
      };
      response = match.handler.handle(ctx);
    } catch (e) {
      if (e instanceof VnError) response = vnErrorResponse(e.status, e.faultCode, e.message);
      else throw e;
    }
    const mutated = req.method !== 'GET' && response.status < 300;
    const background = req.headers['erp-api-background'];
    if (background !== undefined)
      return out(this.toBackground(req, company.tenantId, background, response), mutated);
    return out(response, mutated);
  }

  /** `erp-api-background: none|<url>|subscription…` → 202 with `{id, stateLocation}` (visma-notes.md §2.3). */
  private toBackground(
    req: SimRequest,
    tenantId: string,
    webhook: string,
    response: SimResponse,
  ): SimResponse {
    const id = randomUUID();
    const now = vnDateTime(this.services.clock.now());
    if (this.jobs.size >= 1000) this.jobs.delete(this.jobs.keys().next().value as string);
    this.jobs.set(id, {
      id,
      receivedUtc: now,
      finishedUtc: now,
      webhook: webhook || 'none',
      uri: req.fullPath,
      tenantId,
      response,
    });
    const stateLocation = `${req.origin}${PREFIX}/api/v1/background/${id}`;
    return json(202, { id, stateLocation });
  }

  private backgroundState(req: SimRequest, tenantId: string, id: string, content: boolean): SimResponse {
    const job = this.jobs.get(id);
    if (!job || job.tenantId !== tenantId)
      return vnErrorResponse(404, '10004', `Background operation '${id}' not found.`);
    if (content) {
      if (job.response.status === 204 || job.response.body === '') return text(204, '');
      return { ...job.response, headers: { 'content-type': 'application/json; charset=utf-8' } };
    }
    const hasContent = !(job.response.status === 204 || job.response.body === '');
    return json(200, {
      id: job.id,
      status: job.response.status < 400 ? 'Finished' : 'Failed',
      statusCode: job.response.status,
      receivedUtc: job.receivedUtc,
      startedUtc: job.receivedUtc,
      finishedUtc: job.finishedUtc,
      webhookAddress: job.webhook,
      originalUri: `${req.origin}${job.uri}`,
      hasResponseContent: hasContent,
      hasRequestContent: false,
      contentLocation: `${req.origin}${PREFIX}/api/v1/background/${id}/content`,
      responseHeaders: Object.fromEntries(
        Object.entries(job.response.headers).filter(([k]) => k !== 'content-type'),
      ),
    });
  }

  private handleToken(req: SimRequest): SimResponse {
    try {
      const form = parseFormBody(req.body);
      if (form.get('grant_type') !== 'client_credentials') {
        return json(200, this.oauth.token(form, req.headers.authorization));
      }
      const t = this.oauth.clientCredentials(
        form,
        req.headers.authorization,
        (tenant) => {
          if (!tenant) throw new OAuthError('invalid_request', 400, 'tenant_id is required');
          const id = tenant.toLowerCase();
          if (!this.companies.has(id)) throw new OAuthError('invalid_grant', 400, 'unknown tenant_id');
          return id;
        },
        VN_ALL_SCOPES,
      );
      return json(200, t, { 'cache-control': 'no-store' });
    } catch (e) {
      if (e instanceof OAuthError)
        return json(e.status, {
          error: e.error,
          ...(e.description ? { error_description: e.description } : {}),
        });
      throw e;
    }
  }

  private discovery(req: SimRequest): SimResponse {
    const base = `${req.origin}${PREFIX}/connect`;
    return json(200, {
      issuer: 'https://connect.visma.com',
      token_endpoint: `${base}/connect/token`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      scopes_supported: VN_ALL_SCOPES,
    });
  }
}
