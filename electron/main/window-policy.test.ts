import { describe, expect, it } from 'vitest';
import {
  isAppUrl,
  isTrustedSender,
  RENDERER_ENTRY,
  secureWebPreferences,
  windowOpenDecision,
} from './window-policy';

describe('Electron window policy', () => {
  it('locks the renderer down: isolation, sandbox, no Node, no webviews', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('trusts IPC only from the app origin', () => {
    expect(isTrustedSender({ senderFrame: { url: RENDERER_ENTRY } })).toBe(true);
    expect(isTrustedSender({ senderFrame: { url: 'app://ledgerflow/index.html?flow=1' } })).toBe(true);
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://ledgerflow.evil/',
      'app://ledgerflowx/',
      '',
    ])
      expect(isTrustedSender({ senderFrame: { url } }), url).toBe(false);
    expect(isTrustedSender({ senderFrame: null })).toBe(false);
    expect(isTrustedSender({})).toBe(false);
  });

  it('allows navigation only within the app and never opens a window', () => {
    expect(isAppUrl('app://ledgerflow/index.html')).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5173/')).toBe(false);
    expect(windowOpenDecision('https://developer.xero.com/')).toEqual({
      action: 'deny',
      openExternally: true,
    });
    expect(windowOpenDecision('http://insecure.example/')).toEqual({ action: 'deny', openExternally: false });
    expect(windowOpenDecision('javascript:alert(1)')).toEqual({ action: 'deny', openExternally: false });
  });
});
