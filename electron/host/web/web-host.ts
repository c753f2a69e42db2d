import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { isEventName } from '../../../shared/contract/contract-registry';
import { clientMessageSchema, type HostMessage } from '../../../shared/contract/transport';
import { createError } from '../../../shared/errors/ledgerflow-error';
import type { HostServices } from '../host-services';
import { contentSecurityPolicy } from './content-security';
import { resolveStaticPath, sendFile } from './static-files';

/** Options of the browser host. */
export interface WebHostOptions {
  readonly services: HostServices;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Fixed token for tests; a random one otherwise. */
  readonly token?: string;
}

/** A running browser host. */
export interface RunningWebHost {
  /** The address to open, with the access token in the fragment (never sent to the server in requests). */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** The WebSocket endpoint, token included: what the renderer connects to. */
  readonly wsUrl: string;
  close(): Promise<void>;
}

/** The WebSocket path. */
export const WS_PATH = '/ledgerflow-ws';
/** Answers 204 to a valid token and 401 otherwise (Authorization: Bearer <token>). */
export const SESSION_PATH = '/ledgerflow-session';
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/**
 * The browser host: serves the built renderer and the contract over a WebSocket, on 127.0.0.1 only.
 * Other local pages cannot drive it: the socket needs the random token from the printed URL, its Origin must be
 * this host's own, and the Host header must name the loopback address (DNS rebinding).
 */
export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const { services } = options;
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  let origin = '';
  let allowedHosts = new Set<string>();

  const server = createServer((req, res) => {
    const securityHeaders = {
      'Content-Security-Policy': contentSecurityPolicy(
        `'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      ),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
    };
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
      return;
    }
    if (req.url === SESSION_PATH) {
      // Lets a tab learn that its token is stale (the host restarted) instead of reconnecting forever.
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      res.writeHead(tokenMatches(given, token) ? 204 : 401, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const path = resolveStaticPath(options.staticDir, req.url ?? '/');
    if (!path) {
      res.writeHead(404, { ...securityHeaders, 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    sendFile(res, path, securityHeaders);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    if (!isAllowedUpgrade(req, token, origin, allowedHosts)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, services));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  services.log.info('web', `Browser host listening on ${origin}`);

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    wsUrl: `ws://127.0.0.1:${port}${WS_PATH}?token=${encodeURIComponent(token)}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isAllowedUpgrade(
  req: IncomingMessage,
  token: string,
  origin: string,
  hosts: ReadonlySet<string>,
): boolean {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== WS_PATH) return false;
  if (!hosts.has(req.headers.host ?? '')) return false;
  // Browsers always send Origin on WebSocket upgrades; a page from anywhere else is refused. Non-browser
  // clients (tests, tools) may omit it but still need the token.
  const requestOrigin = req.headers.origin;
  if (
    requestOrigin !== undefined &&
    requestOrigin !== origin &&
    requestOrigin !== origin.replace('127.0.0.1', 'localhost')
  )
    return false;
  return tokenMatches(url.searchParams.get('token') ?? '', token);
}

function tokenMatches(candidate: string, token: string): boolean {
  const given = Buffer.from(candidate);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function serveSocket(ws: WebSocket, services: HostServices): void {
  const subscriptions = new Set<string>();
  const send = (message: HostMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribeAll = services.events.subscribeAll((event, payload) => {
    if (subscriptions.has(event)) send({ t: 'event', event, payload });
  });
  ws.on('close', unsubscribeAll);
  ws.on('error', unsubscribeAll);
  ws.on('message', (data, isBinary) => {
    let raw: unknown;
    try {
      raw = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      raw = undefined;
    }
    const message = clientMessageSchema.safeParse(raw);
    if (!message.success) {
      // Without a valid id there is no call to answer; tell the log and keep the socket open.
      services.log.warn('web', 'Ignored a malformed message from a browser client', 'LF-1001');
      return;
    }
    const m = message.data;
    if (m.t === 'subscribe' || m.t === 'unsubscribe') {
      if (!isEventName(m.event)) return;
      if (m.t === 'subscribe') subscriptions.add(m.event);
      else subscriptions.delete(m.event);
      return;
    }
    services.router.handle(m.channel, m.payload).then(
      (result) => send({ t: 'result', id: m.id, result }),
      () =>
        send({ t: 'result', id: m.id, result: { ok: false, error: createError('LF-9001').toEnvelope() } }),
    );
  });
}
