/**
 * The Electron IPC channel names: the preload knows only these two. Kept apart from the schemas so the
 * sandboxed preload bundle stays tiny.
 */
export const ipcChannels = { call: 'ledgerflow:call', event: 'ledgerflow:event' } as const;
