import { ipcMain, type BrowserWindow } from 'electron';
import { ipcChannels } from '../../shared/contract/ipc-channels';
import type { CallResult } from '../../shared/contract/transport';
import { createError } from '../../shared/errors/ledgerflow-error';
import type { HostServices } from '../host/host-services';
import { isTrustedSender } from './window-policy';

/** Connects the contract router to IPC and forwards host events to the window. */
export function bridgeIpc(services: HostServices, window: () => BrowserWindow | undefined): () => void {
  ipcMain.handle(ipcChannels.call, async (event, channel: unknown, payload: unknown): Promise<CallResult> => {
    if (!isTrustedSender(event)) {
      services.log.warn(
        'ipc',
        `Refused a call from an untrusted frame: ${event.senderFrame?.url ?? 'unknown'}`,
        'LF-1003',
      );
      return { ok: false, error: createError('LF-1003', 'This frame may not call Ledgerflow').toEnvelope() };
    }
    return services.router.handle(channel, payload);
  });
  const unsubscribe = services.events.subscribeAll((name, payload) => {
    const target = window();
    if (target && !target.isDestroyed()) target.webContents.send(ipcChannels.event, name, payload);
  });
  return () => {
    ipcMain.removeHandler(ipcChannels.call);
    unsubscribe();
  };
}
