import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_COMMAND } from '../../shared/companion-contract.js';
import { openPopupFor, startPlaygroundStack, type PlaygroundStack } from '../helpers/browser-harness.js';
import { freePort, spawnLeo, stop } from '../helpers/cli-process.js';

/** A user who installed the extension from the store and has no companion yet. */
describe('the extension before its companion runs', { timeout: 60_000 }, () => {
  let stack: PlaygroundStack;
  let companion: ChildProcess | undefined;
  const home = mkdtempSync(join(tmpdir(), 'leo-setup-'));

  beforeAll(async () => {
    stack = await startPlaygroundStack();
  }, 60_000);

  afterAll(async () => {
    if (companion) await stop(companion);
    await stack?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('shows the one command that installs the companion, in Options and the popup, and notices by itself when it starts', async () => {
    const port = await freePort();
    const options = await stack.browser.context.newPage();
    await options.goto(`chrome-extension://${stack.browser.extensionId}/options.html`);
    await options.getByTestId('companion-status').filter({ hasNotText: 'checking' }).waitFor();
    // Where this user's companion will listen; pairing before it runs says nothing answers there.
    await options.getByLabel('Companion address').fill(`http://127.0.0.1:${port}`);
    await options.getByTestId('pair-code').fill('ABCD-EFGH');
    await options.getByTestId('pair').click();
    await expect.poll(() => options.getByTestId('pair-message').textContent()).toContain(`Nothing answers at http://127.0.0.1:${port}. Install and start the companion (${INSTALL_COMMAND})`);
    await expect.poll(() => options.getByTestId('companion-status').textContent()).toContain('not running');
    expect(await options.getByTestId('install-command').textContent()).toBe(INSTALL_COMMAND);

    const popup = await openPopupFor(stack.browser, stack.playground.url);
    await expect.poll(() => popup.getByTestId('companion-status').textContent(), { timeout: 5000 }).toContain('companion not running');
    expect(await popup.getByTestId('install-command').textContent()).toBe(INSTALL_COMMAND);

    // The user runs the companion; neither page is reloaded.
    companion = (await spawnLeo(['start', '--port', String(port)], { LEO_HOME: home }, /Stop with Ctrl\+C/)).child;
    await expect.poll(() => options.getByTestId('companion-status').textContent(), { timeout: 10_000 }).toContain('running, not paired');
    await expect.poll(() => popup.getByTestId('companion-status').textContent(), { timeout: 10_000 }).toContain('companion not paired');
    expect(await options.getByTestId('companion-missing').count()).toBe(0);
    expect(await popup.getByTestId('companion-missing').count()).toBe(0);
  });
});
