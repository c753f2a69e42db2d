import { BrowserWindow, shell } from 'electron';
import { isAppUrl, RENDERER_ENTRY, secureWebPreferences, windowOpenDecision } from './window-policy';

/**
 * The one window, locked down as ARCHITECTURE §1 requires: context isolation, OS sandbox, no Node in the
 * renderer, no navigation away from the app, no new windows (https links go to the system browser).
 */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Ledgerflow',
    webPreferences: secureWebPreferences(preloadPath),
  });
  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) void shell.openExternal(url);
    return { action: decision.action };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  void window.loadURL(RENDERER_ENTRY);
  return window;
}
