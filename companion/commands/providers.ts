import { PROVIDERS, PROVIDER_IDS, isProviderId } from '../../shared/protocols/providers.js';
import type { CliValues } from '../cli-args.js';
import { checkedBaseUrl, configFromFlags } from '../config.js';
import { resolveHome } from '../home.js';
import { UpstreamBook } from '../store/upstream-book.js';

const USAGE = `leo providers list | add <provider> --base-url URL | remove <provider>; providers: ${PROVIDER_IDS.join(', ')}`;

/** `leo providers`: where each provider's calls go, and the addresses set in the home (an Azure resource, a gateway). */
export function runProviders(values: CliValues, [action, provider]: string[]): number {
  const book = new UpstreamBook(resolveHome(values.home));
  if (action === 'list') {
    const { upstreams } = configFromFlags(values);
    const set = book.list();
    for (const id of PROVIDER_IDS) {
      const where = upstreams[id] || `not set (leo providers add ${id} --base-url URL)`;
      const origin = upstreams[id] === set[id] && set[id] !== undefined ? '  (leo providers add)' : upstreams[id] !== PROVIDERS[id].baseUrl && upstreams[id] ? '  (flag or LEO_UPSTREAM_*)' : '';
      console.log(`${id.padEnd(11)} ${where}${origin}`);
    }
    return 0;
  }
  if ((action === 'add' || action === 'remove') && provider) {
    if (!isProviderId(provider)) throw new Error(`Unknown provider '${provider}'. Known: ${PROVIDER_IDS.join(', ')}.`);
    if (action === 'remove') {
      const removed = book.remove(provider);
      console.log(removed ? `${PROVIDERS[provider].name} calls go to ${PROVIDERS[provider].baseUrl || 'nowhere until an address is set'} again.` : `No address was set for ${provider}.`);
      return removed ? 0 : 1;
    }
    const url = values['base-url'];
    if (url === undefined) throw new Error(`leo providers add ${provider} needs --base-url URL (for Azure: https://YOUR-RESOURCE.openai.azure.com).`);
    book.set(provider, checkedBaseUrl(provider, url));
    console.log(`${PROVIDERS[provider].name} calls now go to ${checkedBaseUrl(provider, url)} (a running companion takes it at its next start).`);
    return 0;
  }
  throw new Error(`usage: ${USAGE}`);
}
