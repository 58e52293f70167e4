import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium, driven by playwright-core: never a browser that Playwright downloads.
 * CHROMIUM_PATH overrides the lookup of `chromium` on the PATH.
 */
export function findChromium(): string | undefined {
  const override = process.env['CHROMIUM_PATH'];
  const candidates = override ? [override] : (process.env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, 'chromium'));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export const CHROMIUM_PATH = findChromium();

/** Why the browser tests cannot run here, or undefined when they can; printed when they skip. */
export const browserSkipReason = CHROMIUM_PATH
  ? undefined
  : 'chromium not found on the PATH (apt-get install chromium, or set CHROMIUM_PATH): skipping the browser tests';

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM_PATH) throw new Error(browserSkipReason);
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
