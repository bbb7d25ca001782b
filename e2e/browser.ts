// Debian's chromium driven by playwright-core (never a downloaded browser).
import fs from 'fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.YUE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** The chromium executable, or an error that says how to install it. */
export function chromiumPath(): string {
  const found = CANDIDATES.find((p) => fs.existsSync(p));
  if (found) return found;
  throw new Error([
    'chromium was not found (looked at ' + CANDIDATES.join(', ') + ').',
    'Install Debian\'s package (the browser tests never download one):',
    '  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk',
    'or point YUE_CHROMIUM at a Chromium/Chrome executable.',
  ].join('\n'));
}

/** Headless chromium with a fresh profile (playwright gives every launch its own user-data-dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}
