import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** The browser the dashboard test drives: Debian's `chromium`, or `CHROMIUM_PATH`. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || '/usr/bin/chromium';
}

// Headless as root, and no calls home: on a machine without a network, Chromium's background
// services would keep failing connections and name lookups at every start.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts the machine's Chromium headless through playwright-core, which never downloads a
 * browser of its own. A missing browser is an error that says how to get one.
 */
export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const executablePath = chromiumPath(env);
  if (!existsSync(executablePath)) {
    throw new Error(
      `chromium: not found at ${executablePath}. Install it (Debian/Ubuntu: \`apt-get install -y chromium\`; ` +
        '`node scripts/ensure-services.mjs --browser` does it as root) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  return chromium.launch({ executablePath, headless: true, args: FLAGS });
}
