import { net, protocol } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../host/web/content-security';
import { resolveStaticPath } from '../host/web/static-files';
import { APP_SCHEME } from './window-policy';

/** Must run before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves dist/renderer under app://ledgerflow/ with the strict CSP; nothing outside that folder. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const path = url.host === 'ledgerflow' ? resolveStaticPath(rendererDir, url.pathname) : undefined;
    if (!path) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(path).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy("'self'"));
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

/** Where the built renderer sits relative to the built main process (dist/electron → dist/renderer). */
export const rendererDirFrom = (mainDir: string) => join(mainDir, '..', 'renderer');
