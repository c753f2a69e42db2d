import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { createError, type LedgerflowError } from '../../../shared/errors/ledgerflow-error';

/** One HTTP request as connectors make it. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body (sent with Content-Type application/json). */
  readonly json?: unknown;
  /** A form body (application/x-www-form-urlencoded), e.g. OAuth token requests. */
  readonly form?: Readonly<Record<string, string>>;
  /** Overrides the client's timeout for this request. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** An HTTP answer of any status: mapping statuses to errors is the caller's business (see `http-errors.ts`). */
export interface HttpResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** The parsed body when it is JSON, otherwise undefined. */
  readonly json: unknown;
}

/** The HTTP port connectors receive through their context: tests and the engine may hand in any implementation. */
export interface HttpClient {
  send(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** Options of the undici client. */
export interface UndiciHttpClientOptions {
  /** Whole-request timeout (headers and body), default 30 s. */
  readonly timeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Idle keep-alive sockets live this long (default 30 s). */
  readonly keepAliveMs?: number;
  /** Sockets per origin (default 10: Xero allows 5 concurrent calls per tenant). */
  readonly connectionsPerOrigin?: number;
  /** Largest body read, default 64 MB. */
  readonly maxBodyBytes?: number;
}

/**
 * The HTTP kit's client: undici with one keep-alive pool per origin (an `Agent`), connect/headers/body timeouts,
 * and network failures turned into LF-2003 (operational, retried by the engine).
 */
export class UndiciHttpClient implements HttpClient {
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;

  constructor(options: UndiciHttpClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
    this.agent = new Agent({
      keepAliveTimeout: options.keepAliveMs ?? 30_000,
      keepAliveMaxTimeout: 10 * 60_000,
      connections: options.connectionsPerOrigin ?? 10,
      connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...lowerKeys(req.headers ?? {}) };
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    } else if (req.form) {
      body = new URLSearchParams(req.form as Record<string, string>).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    try {
      const res = await request(req.url, {
        method: req.method,
        headers,
        body,
        signal,
        dispatcher: this.agent as Dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await readLimited(res.body, this.maxBodyBytes);
      const flat = flattenHeaders(res.headers);
      return { status: res.statusCode, headers: flat, text, json: parseJson(text, flat['content-type']) };
    } catch (error) {
      throw networkError(error, req, timeout.aborted ? timeoutMs : undefined);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

async function readLimited(body: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw createError('LF-2011', `The answer is larger than ${limit} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  const looksJson = contentType?.includes('json') || /^\s*[[{"]/.test(text);
  if (!looksJson) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Flattens undici's headers (arrays joined with ", ", names lower-case). */
export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** A network failure (refused, reset, timed out, dropped mid-body) as LF-2003, with the URL but no headers. */
export function networkError(
  error: unknown,
  req: Pick<HttpRequest, 'method' | 'url'>,
  timedOutMs?: number,
): LedgerflowError {
  if (error instanceof Error && 'code' in error && (error as { code?: string }).code === 'LF-2011') {
    return error as unknown as LedgerflowError;
  }
  const where = `${req.method} ${safeUrl(req.url)}`;
  let reason: string;
  if (
    timedOutMs !== undefined ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError
  ) {
    reason = `no answer within ${timedOutMs ?? 'the'} ms`;
  } else if (error instanceof undiciErrors.ConnectTimeoutError) {
    reason = 'could not connect in time';
  } else {
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
    reason = cause?.code ?? (error as Error)?.message ?? String(error);
  }
  return createError('LF-2003', `${where}: ${reason}`, { url: safeUrl(req.url), reason });
}

/** A URL without its query string (which may carry codes or tokens). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}
