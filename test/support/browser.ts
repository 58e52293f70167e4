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

const MISSING = 'chromium not found on the PATH (apt-get install chromium, or set CHROMIUM_PATH)';
const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';

/**
 * Why the browser tests skip here, or undefined when they run. In CI (CI=true) they always run,
 * so a missing chromium fails them instead of letting CI go green without them.
 */
export const browserSkipReason = CHROMIUM_PATH || IN_CI ? undefined : `${MISSING}: skipping the browser tests`;

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM_PATH) throw new Error(`${MISSING}: the browser tests cannot run${IN_CI ? ', and in CI (CI=true) they never skip' : ''}`);
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
