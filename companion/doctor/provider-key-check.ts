import { ADAPTERS } from '../../shared/protocols/registry.js';
import { PROVIDERS, type ProviderId } from '../../shared/protocols/providers.js';
import type { Check } from './check.js';

/**
 * Whether the provider takes this key, asked with a call that costs nothing (its model list).
 * When the provider cannot be reached, the key's format is all there is to judge.
 */
export async function checkProviderKey(provider: ProviderId, key: string, baseUrl: string, timeoutMs = 5000): Promise<Check> {
  const { keyCheckPath, keyPattern, name, protocols } = PROVIDERS[provider];
  const { wire } = ADAPTERS[protocols[0]!];
  const fix = `get a working key from ${name} and run: leo keys add ${provider}`;
  if (!baseUrl) return { ok: false, text: `${provider} key: no ${name} address is set, so no call can use it`, fix: `leo providers add ${provider} --base-url URL` };
  const format = keyPattern.test(key) ? 'its format looks right' : `it does not look like a ${name} key`;
  let status: number;
  try {
    const res = await fetch(`${baseUrl}${keyCheckPath}`, { headers: { ...wire.defaultHeaders, ...wire.authHeaders(key) }, signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    status = res.status;
  } catch (err) {
    const why = (err as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : (err as Error).message;
    return { ok: 'warn', text: `${provider} key: ${baseUrl} could not be reached (${why}); ${format}` };
  }
  if (status >= 200 && status < 300) return { ok: true, text: `${provider} key works (${baseUrl} accepted it)` };
  if (status === 401 || status === 403) return { ok: false, text: `${provider} key is refused by ${baseUrl} (${status})`, fix };
  return { ok: 'warn', text: `${provider} key: ${baseUrl} answered ${status}, which says nothing of the key; ${format}` };
}
