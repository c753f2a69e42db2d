import type { IncomingMessage, ServerResponse } from 'node:http';

/** A parsed incoming request as the simulators see it. */
export interface SimRequest {
  method: string;
  /** Path below the API's mount prefix, without the query string, percent-decoded per segment. */
  path: string;
  /** Raw path including the mount prefix (for counters and logs). */
  fullPath: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** Raw body bytes (an empty buffer when there is none; xero-node sends `{}` even on GET). */
  body: Buffer;
  /** Base URL the client used to reach the sandbox (scheme://host:port). */
  origin: string;
  raw: IncomingMessage;
}

/** A response the simulators build before the kit writes it (so faults can wrap the write). */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** Thrown by body readers when the request exceeds the configured size. */
export class BodyTooLargeError extends Error {}

/** Reads the whole request body up to `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError(`request body exceeds ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** A plain-text response. */
export function text(status: number, body: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}

/** An empty response (204, redirects). */
export function empty(status: number, headers: Record<string, string> = {}): SimResponse {
  return { status, headers, body: '' };
}

/** Parses a body as JSON; returns `undefined` for an empty body and throws SyntaxError on bad JSON. */
export function parseJsonBody(body: Buffer): unknown {
  const s = body.toString('utf8').trim();
  return s === '' ? undefined : JSON.parse(s);
}

/** Parses an application/x-www-form-urlencoded body. */
export function parseFormBody(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString('utf8'));
}

/** Writes a SimResponse to the socket in one go. */
export function writeResponse(res: ServerResponse, r: SimResponse): void {
  const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body;
  res.writeHead(r.status, { ...r.headers, 'content-length': String(body.length) });
  res.end(body);
}

/** Flattens node's header object into single lower-case strings. */
export function flattenHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers))
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
