import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannels } from '../../shared/contract/ipc-channels';

/**
 * The whole bridge: one frozen object with `call` and `subscribe`. ipcRenderer itself is never exposed; the main
 * process validates every payload, so this file carries data and nothing else.
 */
const ledgerflow = Object.freeze({
  call(channel: string, payload: unknown): Promise<unknown> {
    return ipcRenderer.invoke(ipcChannels.call, channel, payload);
  },
  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(ipcChannels.event, forward);
    return () => {
      ipcRenderer.removeListener(ipcChannels.event, forward);
    };
  },
});

contextBridge.exposeInMainWorld('ledgerflow', ledgerflow);
