import { resolve } from 'node:path';
import { launch, type Browser, type Page } from 'puppeteer-core';
import { startSimulator, type Simulator } from '../../companion/simulator/server.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../demo/playground-server.js';
import { throwawayCertificate } from './browser-harness.js';
import { startConnectTunnel } from './connect-tunnel.js';

export const FIREFOX_EXTENSION_DIR = resolve('.output/firefox-mv3');

export interface FirefoxStack {
  browser: Browser;
  provider: Simulator;
  page: Page;
  close(): Promise<void>;
}

/**
 * Debian's Firefox ESR, headless over WebDriver BiDi, with the built Firefox extension installed
 * as a temporary add-on; the page calls the providers' real hosts, which a CONNECT tunnel sends
 * to the simulator.
 */
export async function startFirefoxStack(): Promise<FirefoxStack> {
  const provider = await startSimulator({ tls: throwawayCertificate() });
  const tunnel = await startConnectTunnel(provider.port);
  const site: PlaygroundServer = await startPlaygroundServer();
  const browser = await launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: { 'network.proxy.type': 1, 'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': tunnel.port, 'network.proxy.no_proxies_on': 'localhost, 127.0.0.1' },
  });
  await browser.installExtension(FIREFOX_EXTENSION_DIR);
  const page = await browser.newPage();
  await page.goto(site.url);
  return {
    browser,
    provider,
    page,
    async close() {
      await browser.close();
      await site.close();
      await tunnel.close();
      await provider.close();
    },
  };
}
