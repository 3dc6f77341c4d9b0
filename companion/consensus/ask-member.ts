import type { CanonicalAnswer } from '../../shared/protocols/canonical/answer.js';
import type { CanonicalRequest } from '../../shared/protocols/canonical/request.js';
import { ADAPTERS } from '../../shared/protocols/registry.js';
import { PROVIDERS, providerForModel, type ProviderId } from '../../shared/protocols/providers.js';
import type { ProtocolAdapter } from '../../shared/protocols/adapter.js';
import type { KeyVault } from '../store/key-vault.js';
import { sendUpstream } from '../proxy/upstream-client.js';

export interface PanelMember {
  model: string;
  provider: ProviderId;
  adapter: ProtocolAdapter;
}

/** The provider a member's name implies, and the protocol the companion writes its request in. */
export function panelMember(model: string): PanelMember {
  const provider = providerForModel(model);
  const protocol = PROVIDERS[provider].protocols.find((p) => ADAPTERS[p].renderRequest)!;
  return { model, provider, adapter: ADAPTERS[protocol] };
}

export interface MemberReply {
  answer: CanonicalAnswer;
  /** The member's call as its own protocol spelled it, for the ledger. */
  request: CanonicalRequest;
  status: number;
}

/** Why a member gave no answer, as the ledger and the refusal say it. */
export class MemberFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function readBody(stream: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Asks one member the caller's question in the member's own protocol (not streamed), with the
 * vault's key for its provider; throws MemberFailure for no key, an error status, a body that
 * is not an answer, or the deadline.
 */
export async function askMember(member: PanelMember, request: CanonicalRequest, deps: { vault: KeyVault; upstreams: Record<ProviderId, string>; timeoutMs: number }, signal: AbortSignal): Promise<MemberReply> {
  const key = deps.vault.get(member.provider);
  if (!key) throw new MemberFailure(`no ${PROVIDERS[member.provider].name} key in the vault`, 401);
  const outgoing = member.adapter.renderRequest!(request, member.model);
  const body = Buffer.from(JSON.stringify(outgoing.body));
  const { wire } = member.adapter;
  let status = 0;
  let text: string;
  try {
    const upstream = await sendUpstream({
      url: new URL(deps.upstreams[member.provider] + outgoing.path),
      headers: { 'content-type': 'application/json', 'accept-encoding': 'identity', 'content-length': body.length, ...wire.defaultHeaders, ...wire.authHeaders(key) },
      body,
      signal,
      headersTimeoutMs: deps.timeoutMs,
      idleTimeoutMs: deps.timeoutMs,
    });
    status = upstream.statusCode ?? 502;
    text = await readBody(upstream);
  } catch (err) {
    const timedOut = signal.aborted || (err as { status?: number }).status === 504;
    throw new MemberFailure(timedOut ? `no answer within its deadline of ${deps.timeoutMs} ms` : `unreachable (${(err as Error).message})`, timedOut ? 504 : 502);
  }
  if (status >= 400) throw new MemberFailure(`HTTP ${status}: ${text.slice(0, 160)}`, status);
  const memberRequest = member.adapter.parseRequest(outgoing.body, { model: member.model, stream: false });
  try {
    return { answer: member.adapter.parseJson(JSON.parse(text)), request: memberRequest, status };
  } catch (err) {
    throw new MemberFailure(`an answer that does not parse (${(err as Error).message})`, status);
  }
}
