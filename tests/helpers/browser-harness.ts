import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../companion/simulator/server.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../demo/playground-server.js';

export const EXTENSION_DIR = resolve('.output/chrome-mv3');
/** Hosts the browser sends to the simulator: two providers' APIs and an Azure OpenAI resource of the page's own. */
export const PROVIDER_HOSTS = ['api.openai.com', 'api.anthropic.com', 'contoso.openai.azure.com'];

/** A self-signed certificate for the provider hosts, so the simulator can stand in for them over HTTPS. */
export function throwawayCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'leo-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=api.openai.com',
      '-addext', `subjectAltName=${PROVIDER_HOSTS.map((h) => `DNS:${h}`).join(',')}`,
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker; replace it after a restart. */
  worker: Worker;
  /** Stops the service worker as Chrome does to an idle one, and waits until it has; the next event starts it again. */
  stopServiceWorker(): Promise<void>;
  /** The service worker's state as DevTools reports it: `running`, `stopped`, … */
  serviceWorkerStatus(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with the built extension loaded, and the providers' API hosts
 * sent to the simulator on `providerPort` (the page still calls https://api.openai.com).
 */
export async function launchWithExtension(providerPort: number): Promise<ExtensionBrowser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`No built extension in ${EXTENSION_DIR}: run \`npm run build\` first.`);
  const profile = mkdtempSync(join(tmpdir(), 'leo-chromium-'));
  const rules = PROVIDER_HOSTS.map((h) => `MAP ${h}:443 127.0.0.1:${providerPort}`).join(', ');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    ignoreHTTPSErrors: true,
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      `--host-resolver-rules=${rules}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  // A step that waits on something that never comes fails with its own name, not as a test timeout.
  context.setDefaultTimeout(15_000);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    stopServiceWorker: () => watchServiceWorker(context, extensionId, async (cdp, versionId) => {
      await cdp.send('ServiceWorker.stopWorker', { versionId });
      return 'stopped';
    }).then(() => undefined),
    serviceWorkerStatus: () => watchServiceWorker(context, extensionId, async () => undefined),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

type VersionUpdate = { versions: { versionId: string; scriptURL: string; runningStatus: string }[] };

/**
 * Follows the extension's service worker through DevTools' ServiceWorker domain (Playwright's
 * Worker object does not see a stop): runs `act` on it, then resolves with its status once it
 * reaches the one `act` asked for (or at once with the current one).
 */
async function watchServiceWorker(context: BrowserContext, extensionId: string, act: (cdp: CDPSession, versionId: string) => Promise<string | undefined>): Promise<string> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    let status = '';
    let versionId: string | undefined;
    let reached: (() => void) | undefined;
    let wanted: string | undefined;
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: VersionUpdate) => {
      for (const v of versions) {
        if (!v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) continue;
        versionId = v.versionId;
        status = v.runningStatus;
        if (status === wanted) reached?.();
      }
    });
    await cdp.send('ServiceWorker.enable');
    for (let i = 0; i < 50 && versionId === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    if (versionId === undefined) throw new Error('DevTools reports no service worker for the extension.');
    const done = new Promise<void>((resolve) => (reached = resolve));
    wanted = await act(cdp, versionId);
    if (wanted !== undefined && status !== wanted) await done;
    return status;
  } finally {
    await cdp.detach();
    await page.close();
  }
}

/** Pairs the extension with a companion the way a user does: `leo pair`'s code pasted into Options. */
export async function pairThroughOptions(browser: ExtensionBrowser, companionUrl: string, code: string): Promise<Page> {
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.getByTestId('companion-status').filter({ hasNotText: 'checking' }).waitFor();
  await options.getByLabel('Companion address').fill(companionUrl);
  await options.getByTestId('pair-code').fill(code);
  await options.getByTestId('pair').click();
  await options.getByTestId('pair-message').waitFor();
  return options;
}

/** The popup as it opens over the tab showing `pageUrl` (the tab is named in its URL, as a click on the toolbar button would pick it). */
export async function openPopupFor(browser: ExtensionBrowser, pageUrl: string): Promise<Page> {
  const tabId = await browser.worker.evaluate(async (url) => {
    const { chrome } = globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number }[]> } } };
    return (await chrome.tabs.query({ url: `${url}*` }))[0]?.id;
  }, pageUrl);
  if (tabId === undefined) throw new Error(`No tab shows ${pageUrl}.`);
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
  return popup;
}

/** Lets the site in `pageUrl`'s tab use the companion's keys, with the popup's switch, as a user does. */
export async function lendKeysThroughPopup(browser: ExtensionBrowser, pageUrl: string): Promise<void> {
  const popup = await openPopupFor(browser, pageUrl);
  const lend = popup.getByTestId('keys-switch');
  await lend.waitFor({ state: 'attached' });
  await popup.locator('label.switch', { has: lend }).click();
  await popup.getByTestId('keys-note').filter({ hasText: 'Spent on your keys today' }).waitFor();
  await popup.close();
}

/** Every record of one of the extension's IndexedDB stores, read from an extension page as the popup would. */
export function extensionRecords<T>(extensionPage: Page, store: 'entries' | 'vectors' | 'events' | 'settings'): Promise<T[]> {
  return extensionPage.evaluate(
    (store) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('leo-optima');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction(store).objectStore(store).getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result as T[]);
          };
        };
      }),
    store,
  );
}

/** The provider simulator on the API hosts, Chromium with the extension, and a tab on the demo playground. */
export interface PlaygroundStack {
  provider: Simulator;
  browser: ExtensionBrowser;
  playground: PlaygroundServer;
  page: Page;
  close(): Promise<void>;
}

export async function startPlaygroundStack(providerOptions: SimulatorOptions = {}): Promise<PlaygroundStack> {
  const provider = await startSimulator({ ...providerOptions, tls: throwawayCertificate() });
  const browser = await launchWithExtension(provider.port);
  const playground = await startPlaygroundServer();
  const page = await browser.context.newPage();
  await page.goto(playground.url);
  return {
    provider,
    browser,
    playground,
    page,
    async close() {
      await browser.close();
      await playground.close();
      await provider.close();
    },
  };
}
