import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { PROVIDERS, PROVIDER_IDS, isProviderId } from '../../shared/protocols/providers.js';
import type { CliValues } from '../cli-args.js';
import { withStores } from './open-companion.js';

/** Reads the key from a pipe, or from the terminal without echoing it. */
async function readKeyFromStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write('Paste the API key, then press Enter (it is not echoed): ');
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
    const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
    const key = await rl.question('');
    rl.close();
    process.stderr.write('\n');
    return key.trim();
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

export async function runKeys(values: CliValues, args: string[]): Promise<number> {
  const [action, provider] = args;
  if (action === 'list') {
    return withStores(values, ({ vault }) => {
      const keys = vault.list();
      if (keys.length === 0) console.log('No keys yet. Add one with: leo keys add <provider>');
      for (const k of keys) console.log(`${k.provider.padEnd(11)} ${k.masked.padEnd(12)} added ${k.addedAt}`);
      return 0;
    });
  }
  if (action === 'remove' && provider) {
    return withStores(values, async ({ vault }) => {
      const removed = await vault.remove(provider);
      console.log(removed ? `Removed the ${provider} key.` : `There was no ${provider} key.`);
      return removed ? 0 : 1;
    });
  }
  if (action === 'add' && provider) {
    if (!isProviderId(provider)) throw new Error(`Unknown provider '${provider}'. Known: ${PROVIDER_IDS.join(', ')}.`);
    const key = await readKeyFromStdin();
    return withStores(values, async ({ vault }) => {
      await vault.add(provider, key);
      console.log(`Stored the ${provider} key (${vault.list().find((k) => k.provider === provider)?.masked}), encrypted.`);
      // Keys change shape now and then: a mismatch is worth a word, not a refusal. leo doctor asks the provider.
      if (!PROVIDERS[provider].keyPattern.test(key)) console.log(`It does not look like a ${PROVIDERS[provider].name} key; leo doctor asks ${PROVIDERS[provider].name} whether it works.`);
      return 0;
    });
  }
  throw new Error(`usage: leo keys add <provider> | leo keys list | leo keys remove <provider>; providers: ${PROVIDER_IDS.join(', ')}`);
}
