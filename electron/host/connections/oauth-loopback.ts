import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createError } from '../../../shared/errors/ledgerflow-error';

/** A PKCE pair (RFC 7636, S256). */
export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

/** A fresh PKCE pair: a 64-character verifier from [A-Za-z0-9-_] and its S256 challenge. */
export function createPkce(): Pkce {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** A loopback redirect listener waiting for one authorization response. */
export interface LoopbackRedirect {
  readonly redirectUri: string;
  readonly state: string;
  /** Resolves with the code; rejects with LF-2009 on denial, a wrong state or the timeout. */
  readonly code: Promise<string>;
  close(): void;
}

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title>` +
  `<body style="font:16px system-ui;margin:15vh auto;max-width:32em;text-align:center">` +
  `<h1 style="font-size:1.3em">${title}</h1><p>${text}</p></body>`;

/**
 * Listens on 127.0.0.1 at a random port for the OAuth redirect (RFC 8252 §7.3: loopback interface redirection
 * for native apps). Accepts exactly one answer with the expected `state`, then closes.
 */
export async function startLoopbackRedirect(timeoutMs = 10 * 60_000): Promise<LoopbackRedirect> {
  const state = randomBytes(24).toString('base64url');
  let settle: { resolve: (code: string) => void; reject: (e: Error) => void } | undefined;
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  code.catch(() => undefined);
  let done = false;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    if (done || url.searchParams.get('state') !== state) {
      res.writeHead(400).end(page('This sign-in link is not valid', 'Start again from Ledgerflow.'));
      return;
    }
    done = true;
    const error = url.searchParams.get('error');
    const received = url.searchParams.get('code');
    if (error || !received) {
      res
        .writeHead(200)
        .end(page('Ledgerflow was not connected', 'The sign-in was cancelled. You can close this tab.'));
      settle?.reject(
        createError('LF-2009', `The sign-in did not complete (${error ?? 'no code'})`, { oauthError: error }),
      );
    } else {
      res
        .writeHead(200)
        .end(page('Ledgerflow is connected', 'You can close this tab and return to Ledgerflow.'));
      settle?.resolve(received);
    }
    res.once('finish', () => close());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const timer = setTimeout(() => {
    settle?.reject(createError('LF-2009', 'The sign-in was not completed in time'));
    close();
  }, timeoutMs);
  timer.unref();
  function close(): void {
    clearTimeout(timer);
    server.close();
    server.closeAllConnections?.();
  }
  const { port } = server.address() as AddressInfo;
  return { redirectUri: `http://127.0.0.1:${port}/callback`, state, code, close };
}
