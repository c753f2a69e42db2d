import { chromium, type Browser } from 'playwright-core';

/** The system Chromium (never `npx playwright install`), headless and quiet: no network beyond the test host. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.LEDGERFLOW_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
