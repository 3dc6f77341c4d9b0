import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../companion/simulator/server.js';
import { PROVIDER_IDS } from '../../shared/protocols/providers.js';
import { lendKeysThroughPopup, openPopupFor, startPlaygroundStack, type PlaygroundStack } from '../helpers/browser-harness.js';
import { PROVIDER_KEY, startTeamCompanion, type TeamCompanion } from '../helpers/companion-harness.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import type { Answer, Ask } from '../../demo/playground/playground.js';

/** A team member's browser: the extension joined to the team companion with the member's token. */
describe('the extension on a team companion', { timeout: 60_000 }, () => {
  let stack: PlaygroundStack;
  let server: PostgresServer;
  let teamProvider: Simulator;
  let team: TeamCompanion;
  let memberToken: string;
  const savedVaultKey = process.env.LEO_VAULT_KEY;

  beforeAll(async () => {
    process.env.LEO_VAULT_KEY = randomBytes(32).toString('base64');
    server = await startPostgres();
    teamProvider = await startSimulator();
    team = await startTeamCompanion(await server.newDatabase(), teamProvider);
    for (const provider of PROVIDER_IDS) await team.stores.vault.add(provider, PROVIDER_KEY);
    memberToken = await team.stores.team!.members.add('mo', 'member');
    stack = await startPlaygroundStack();
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await team?.close();
    await teamProvider?.close();
    await server?.stop();
    if (savedVaultKey === undefined) delete process.env.LEO_VAULT_KEY;
    else process.env.LEO_VAULT_KEY = savedVaultKey;
  });

  const ask = (request: Ask, on: Page = stack.page) => on.evaluate((r) => (window as unknown as { playground: { askInChat(a: Ask): Promise<Answer> } }).playground.askInChat(r), request);

  async function joinThroughOptions(token: string): Promise<Page> {
    const options = await stack.browser.context.newPage();
    await options.goto(`chrome-extension://${stack.browser.extensionId}/options.html`);
    await options.getByTestId('companion-status').filter({ hasNotText: 'checking' }).waitFor();
    await options.getByTestId('team-url').fill(team.url);
    await options.getByTestId('team-token').fill(token);
    await options.getByTestId('team-join').click();
    await options.getByTestId('team-message').waitFor();
    return options;
  }

  it('refuses a viewer token, then joins with a member token from Options', async () => {
    const viewerToken = await team.stores.team!.members.add('vi', 'viewer');
    const refused = await joinThroughOptions(viewerToken);
    await expect.poll(() => refused.getByTestId('team-message').textContent()).toMatch(/vi is a viewer, who may not call the API/);
    await refused.close();

    const options = await joinThroughOptions(memberToken);
    await expect.poll(() => options.getByTestId('team-message').textContent()).toMatch(/^Joined as mo\./);
    await expect.poll(() => options.getByTestId('companion-status').textContent()).toMatch(/paired/);
    await options.close();
  });

  it("lends the team's keys to a site the member granted, records the call under the member, and shows a spent budget in the popup", async () => {
    await lendKeysThroughPopup(stack.browser, stack.playground.url);
    const before = teamProvider.stats.requests;
    expect((await ask({ provider: 'openai', model: 'gpt-4o-mini', prompt: 'Who pays on a team?', stream: false })).cache).toBe('miss');
    expect(teamProvider.stats.requests).toBe(before + 1);
    expect(teamProvider.stats.lastRequest!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    const [event] = (await team.stores.ledger.events({ member: 'mo' })).slice(-1);
    expect(event).toMatchObject({ member: 'mo', site: new URL(stack.playground.url).origin });

    // Another member's grants are their own: the member's grant is not theirs.
    const other = await team.stores.team!.members.add('other', 'member');
    const theirs = await fetch(`${team.url}/leo/key-grants`, { headers: { authorization: `Bearer ${other}` } }).then((r) => r.json());
    expect(theirs).toEqual({ grants: [] });

    // The budget is spent: the page's own request goes out instead, and the popup says why.
    await team.stores.team!.members.setBudget({ scope: 'mo', usd: 0, period: 'month' });
    const direct = stack.provider.stats.requests;
    expect((await ask({ provider: 'openai', model: 'gpt-4o-mini', prompt: 'And past the budget?', stream: false })).cache).toBe('miss');
    expect(stack.provider.stats.requests).toBe(direct + 1);
    expect(stack.provider.stats.lastRequest!.headers.authorization).toBe('Bearer sk-playground-placeholder');
    const popup = await openPopupFor(stack.browser, stack.playground.url);
    await expect.poll(() => popup.getByTestId('companion-refusal').textContent()).toMatch(/mo's monthly budget of \$0\.0000 is spent/);
    await popup.close();
  });

  it('shows the team on the dashboard: spend and savings per member, and a filter for whose calls are listed', async () => {
    const admin = await team.stores.team!.members.add('ada', 'admin');
    const dashboard = await stack.browser.context.newPage();
    await dashboard.goto(`${team.url}/?key=${admin}`);
    await dashboard.locator('body[data-ready="true"]').waitFor();
    expect(new URL(dashboard.url()).search).toBe('');
    await expect.poll(() => dashboard.locator('#members tr').count()).toBeGreaterThan(0);
    expect(await dashboard.locator('#members').textContent()).toContain('mo');
    await dashboard.locator('#member-filter').selectOption('mo');
    await dashboard.locator('body[data-ready="true"]').waitFor();
    expect(new URL(dashboard.url()).search).toBe('?member=mo');
    expect(await dashboard.locator('#recent tr').count()).toBeGreaterThan(0);
    await dashboard.screenshot({ path: '.output/screenshots/dashboard-team.png', fullPage: true });
    await dashboard.close();
  });
});
