import { app, BrowserWindow, session, shell } from 'electron';
import ElectronStore from 'electron-store';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appHome } from '../host/app-paths';
import type { KeyValueFileFactory } from '../host/flows/key-value-file';
import { createHostServices } from '../host/host-services';
import { registerAppScheme, rendererDirFrom, serveRenderer } from './app-protocol';
import { bridgeIpc } from './ipc-bridge';
import { createMainWindow } from './main-window';
import { notifyScheduledRuns } from './run-notifications';
import { forkUtilityWorker } from './utility-worker';

// The Electron host: lifecycle, the window and the IPC bridge. Everything else is the shared host code.
const mainDir = dirname(fileURLToPath(import.meta.url));
const dataDir = appHome();
app.setPath('userData', dataDir);
registerAppScheme();

const openElectronStore: KeyValueFileFactory = ({ cwd, name }) =>
  new ElectronStore<Record<string, unknown>>({
    cwd,
    name,
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
  });

if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | undefined;

app.whenReady().then(() => {
  // No permission (camera, notifications from pages, …) is ever granted to web content.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  serveRenderer(rendererDirFrom(mainDir));
  const services = createHostServices({
    host: 'electron',
    dataDir,
    openStore: openElectronStore,
    appVersion: app.getVersion(),
    versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '' },
    // OAuth sign-in pages open in the system browser, never in an app window.
    openExternal: (url) => shell.openExternal(url),
    // Runs execute in a utility process: a crash there never takes the window down, and it resumes.
    engineWorker: { fork: forkUtilityWorker, entryFile: join(mainDir, '..', 'node', 'engine-worker.js') },
  });
  app.once('will-quit', () => void services.close());
  services.schedules.startAll();
  services.runs.warmUp();
  notifyScheduledRuns(services.events, () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.show();
    mainWindow?.focus();
  });
  bridgeIpc(services, () => mainWindow);
  mainWindow = createMainWindow(join(mainDir, 'preload.cjs'));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0)
      mainWindow = createMainWindow(join(mainDir, 'preload.cjs'));
  });
});

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
