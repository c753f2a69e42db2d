import { homedir } from 'node:os';
import { join } from 'node:path';

/** The app's folder name under the OS's usual place for app data (Electron's `userData` uses the same). */
export const APP_DIR_NAME = 'Ledgerflow';

/**
 * Where Ledgerflow keeps flows and state: `LEDGERFLOW_HOME` if set, otherwise the OS's usual place, the same
 * folder Electron's `app.getPath('userData')` gives (the Electron host sets it to this explicitly).
 */
export function appHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.LEDGERFLOW_HOME) return env.LEDGERFLOW_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_DIR_NAME);
}
