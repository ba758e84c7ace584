import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; Playwright cannot download its own browser here. */
export const CHROMIUM = process.env.ITMCHAT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags that keep headless Chromium quiet on a machine with no outside network. Playwright
 * adds --headless and a fresh temporary profile (user-data dir) for every launch.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `extraArgs` add to the defaults, e.g. `--host-resolver-rules=MAP site.test 127.0.0.1` for a second host name. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...extraArgs], headless: true });
}
