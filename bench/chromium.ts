import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (or CHROMIUM_PATH): no browser is downloaded. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const switches = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * Chromium's own interface, which a person's browser builds once, when its window opens: headless, it preloaded the
 * address bar's popup (a WebUI page, ~0.9 s of CPU) at idle moments, in about one new page of six, on the two cores
 * the page under test and the server share. It made those pages, and the bench's figures, slower at random.
 */
const browserInterfaceFeatures = [
  'PreloadTopChromeWebUI',
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
  'WebUIOmniboxFullPopup',
];

/**
 * Playwright's own --disable-features switch, as it starts Chromium. Chromium keeps only the last of a repeated
 * switch, so ours must carry Playwright's features too, or they would be turned back on.
 */
async function playwrightDisabledFeatures(): Promise<string> {
  const server = await chromium.launchServer({ executablePath: chromiumPath, args: switches });
  try {
    const found = server.process().spawnargs.find((argument) => argument.startsWith('--disable-features='));
    if (!found) throw new Error('Playwright no longer passes --disable-features: see bench/chromium.ts.');
    return found;
  } finally {
    await server.close();
  }
}

/** Chromium, headless, for the browser tests and the benches. */
export async function launchChromium(): Promise<Browser> {
  const playwrightSwitch = await playwrightDisabledFeatures();
  return chromium.launch({
    executablePath: chromiumPath,
    ignoreDefaultArgs: [playwrightSwitch],
    args: [...switches, `${playwrightSwitch},${browserInterfaceFeatures.join(',')}`],
  });
}
