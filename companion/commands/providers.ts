import { PROVIDERS, PROVIDER_IDS, isProviderId } from '../../shared/protocols/providers.js';
import type { CliValues } from '../cli-args.js';
import { checkedBaseUrl, configFromFlags } from '../config.js';
import { resolveHome } from '../home.js';
import { UpstreamBook } from '../store/upstream-book.js';
import { SELF_HOSTED_PROTOCOLS, SelfHostedBook, type SelfHostedProvider } from '../store/self-hosted-book.js';

const USAGE = `leo providers list
       leo providers add <provider> --base-url URL | remove <provider>        providers: ${PROVIDER_IDS.join(', ')}
       leo providers add NAME --base-url URL --protocol openai|anthropic --models M1,M2 [--price-input USD --price-output USD]
                                 a server of your own (Ollama, vLLM, LM Studio, llama.cpp); its models' tokens cost nothing unless priced`;

function priceFlag(values: CliValues, name: 'price-input' | 'price-output'): number {
  const raw = values[name];
  if (raw === undefined) return 0;
  const usd = Number(raw);
  if (!Number.isFinite(usd) || usd < 0) throw new Error(`--${name} takes USD per million tokens, like 0.2; got '${raw}'.`);
  return usd;
}

/** A server of the user's own, from the flags of `leo providers add NAME`. */
function selfHostedFromFlags(name: string, values: CliValues): SelfHostedProvider {
  const url = values['base-url'];
  if (url === undefined) throw new Error(`leo providers add ${name} needs --base-url URL (Ollama: http://localhost:11434).`);
  const protocol = values.protocol;
  if (protocol === undefined || !(protocol in SELF_HOSTED_PROTOCOLS)) {
    throw new Error(`'${name}' is not a built-in provider (${PROVIDER_IDS.join(', ')}); to add a server of your own, say which API it speaks: --protocol openai or --protocol anthropic.`);
  }
  const models = (values.models ?? '').split(',').map((m) => m.trim()).filter((m) => m !== '');
  return { name, baseUrl: checkedBaseUrl(name, url), protocol, models, price: { input: priceFlag(values, 'price-input'), output: priceFlag(values, 'price-output') } };
}

/** `leo providers`: where each provider's calls go, the addresses set in the home (an Azure resource, a gateway), and servers of the user's own. */
export function runProviders(values: CliValues, [action, provider]: string[]): number {
  const home = resolveHome(values.home);
  const book = new UpstreamBook(home);
  const own = new SelfHostedBook(home);
  if (action === 'list') {
    const { upstreams } = configFromFlags(values);
    const set = book.list();
    for (const id of PROVIDER_IDS) {
      const where = upstreams[id] || `not set (leo providers add ${id} --base-url URL)`;
      const origin = upstreams[id] === set[id] && set[id] !== undefined ? '  (leo providers add)' : upstreams[id] !== PROVIDERS[id].baseUrl && upstreams[id] ? '  (flag or LEO_UPSTREAM_*)' : '';
      console.log(`${id.padEnd(11)} ${where}${origin}`);
    }
    for (const p of own.list()) {
      const price = p.price.input || p.price.output ? `$${p.price.input}/$${p.price.output} per 1M tokens` : 'free';
      console.log(`${p.name.padEnd(11)} ${p.baseUrl}  (your own, ${p.protocol} protocol: ${p.models.join(', ')}; ${price})`);
    }
    return 0;
  }
  if ((action === 'add' || action === 'remove') && provider) {
    if (!isProviderId(provider)) {
      if (action === 'remove') {
        const removed = own.remove(provider);
        console.log(removed ? `${provider} is no longer used; its models go to the providers their names imply.` : `No provider named ${provider}.`);
        return removed ? 0 : 1;
      }
      const server = selfHostedFromFlags(provider, values);
      own.set(server);
      console.log(`Calls for ${server.models.join(', ')} now go to ${server.baseUrl} (${server.protocol} protocol, no key), and cost ${server.price.input || server.price.output ? 'the price given' : 'nothing'}. A running companion takes it at its next start.`);
      return 0;
    }
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
