/**
 * The Electron host's security policy as plain functions (no `electron` import), so it is unit-tested directly.
 */

/** The renderer's origin: a privileged custom scheme instead of file:// (Electron security checklist). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://ledgerflow`;
/** The renderer's entry URL. */
export const RENDERER_ENTRY = `${APP_ORIGIN}/index.html`;

/** Whether a URL is a page of the app itself. */
export function isAppUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`);
}

/** Whether an IPC message comes from our own renderer page (not a navigated-away or injected frame). */
export function isTrustedSender(event: { senderFrame?: { url?: string } | null }): boolean {
  const url = event.senderFrame?.url;
  return typeof url === 'string' && isAppUrl(url);
}

/** What to do with a request to open a new window: never open one; https links go to the system browser. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: /^https:\/\//i.test(url) };
}

/** The window's web preferences: context isolation, OS sandbox, no Node in the renderer. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  } as const;
}
