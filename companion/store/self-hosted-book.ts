import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProviderId } from '../../shared/protocols/providers.js';
import type { ProtocolId } from '../../shared/protocols/canonical/protocol-id.js';
import { writeSecretFile } from '../home.js';

/** The wire protocols a self-hosted server may speak, as `--protocol` names them. */
export const SELF_HOSTED_PROTOCOLS: Record<string, readonly ProtocolId[]> = {
  openai: ['openai-chat', 'openai-responses'],
  anthropic: ['anthropic-messages'],
};

/**
 * A model server the user runs (Ollama, vLLM, LM Studio, llama.cpp): where it listens, the
 * protocol it speaks, the models it serves, and what its tokens cost (zero unless given).
 */
export interface SelfHostedProvider {
  name: string;
  baseUrl: string;
  protocol: keyof typeof SELF_HOSTED_PROTOCOLS;
  models: string[];
  /** USD per million tokens. */
  price: { input: number; output: number };
}

function checked(raw: unknown, file: string): SelfHostedProvider {
  const p = raw as Partial<SelfHostedProvider>;
  const ok =
    typeof p?.name === 'string' &&
    typeof p.baseUrl === 'string' &&
    typeof p.protocol === 'string' &&
    p.protocol in SELF_HOSTED_PROTOCOLS &&
    Array.isArray(p.models) &&
    p.models.every((m) => typeof m === 'string') &&
    typeof p.price?.input === 'number' &&
    typeof p.price.output === 'number';
  if (!ok) throw new Error(`${file}: each provider needs a name, baseUrl, protocol (openai or anthropic), models and price {input, output}.`);
  return p as SelfHostedProvider;
}

/** The self-hosted providers `leo providers add NAME --protocol …` recorded, in `self-hosted.json` in the home. */
export class SelfHostedBook {
  private readonly file: string;

  constructor(home: string) {
    this.file = join(home, 'self-hosted.json');
  }

  list(): SelfHostedProvider[] {
    if (!existsSync(this.file)) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (err) {
      throw new Error(`${this.file} is not valid JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new Error(`${this.file} must hold a list of providers.`);
    return parsed.map((p) => checked(p, this.file));
  }

  /** Adds or replaces one; refuses a built-in provider's name, and a model another self-hosted provider serves. */
  set(provider: SelfHostedProvider): void {
    if (isProviderId(provider.name)) throw new Error(`'${provider.name}' is a built-in provider: give your server another name.`);
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(provider.name)) throw new Error(`'${provider.name}' is not a provider name: lower-case letters, digits and -, up to 32.`);
    if (provider.models.length === 0) throw new Error(`Name the models ${provider.name} serves with --models, like --models llama3.1:8b,qwen2.5-coder:7b.`);
    const others = this.list().filter((p) => p.name !== provider.name);
    const taken = provider.models.find((m) => others.some((p) => p.models.includes(m)));
    if (taken) throw new Error(`${taken} is already served by ${others.find((p) => p.models.includes(taken))!.name}.`);
    writeSecretFile(this.file, `${JSON.stringify([...others, provider], null, 2)}\n`);
  }

  remove(name: string): boolean {
    const kept = this.list().filter((p) => p.name !== name);
    if (kept.length === this.list().length) return false;
    writeSecretFile(this.file, `${JSON.stringify(kept, null, 2)}\n`);
    return true;
  }
}

/** The self-hosted provider a call goes to: the one named with `x-leo-provider`, else the one that serves its model. */
export function selfHostedFor(providers: readonly SelfHostedProvider[], model: string, named?: string): SelfHostedProvider | undefined {
  if (named !== undefined) return providers.find((p) => p.name === named);
  return providers.find((p) => p.models.includes(model));
}
