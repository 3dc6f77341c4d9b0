import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { openCall, settleMiss, type OpenCall } from '../../shared/call/call-pipeline.js';
import { cachedReply } from '../../shared/cache/cached-reply.js';
import type { CacheLookup } from '../../shared/cache/response-cache.js';
import { CONSENSUS_HEADER, CONSENSUS_NO_QUORUM_HEADER, ROUTE_HEADER } from '../../shared/companion-contract.js';
import { claimKey, claimOf, describeClaim, expectedClaim, type Expected } from '../../shared/consensus/claims.js';
import { decidePanel, TEXT_AGREEMENT, verdictHeader, type MemberOutcome, type PanelVerdict } from '../../shared/consensus/panel-decision.js';
import { dot } from '../../shared/embedding/vectors.js';
import { ProtocolError } from '../../shared/protocols/errors.js';
import type { RecognisedCall } from '../../shared/protocols/registry.js';
import { loadNodeEmbedder } from '../embedding/node-embedder.js';
import { memberOf } from '../proxy/key-lending.js';
import type { ProxyDeps } from '../proxy/proxy-deps.js';
import { askMember, MemberFailure, panelMember, type MemberReply, type PanelMember } from './ask-member.js';
import type { NoQuorum } from './consensus-settings.js';

export interface ConsensusAsk {
  opened: OpenCall;
  panel: string[];
  noQuorum: NoQuorum;
  lookup: CacheLookup | undefined;
}

interface Settled {
  member: PanelMember;
  outcome: MemberOutcome;
  reply?: MemberReply;
  /** The member's HTTP status, or the one its failure stands for (504 past its deadline). */
  status: number;
  startedAt: number;
}

/** What one member did, as its ledger event says: agreed, dissented (and with what), or failed (and why). */
function memberDetail(settled: Settled, verdict: PanelVerdict, panelId: string): string {
  const { outcome } = settled;
  const role = outcome.failure !== undefined ? `failed: ${outcome.failure}` : verdict.agreed.includes(outcome.model) ? 'agreed' : `dissented: ${outcome.claim ? describeClaim(outcome.claim) : 'no answer of the kind asked for'}`;
  return `consensus ${panelId} (${verdictHeader(verdict)}; panel ${verdict.panelSize}): ${role}`;
}

/** A straggler that settles after the verdict agrees when it claims what the chosen answer claims. */
function agreesWith(outcome: MemberOutcome, verdict: PanelVerdict): boolean {
  const chosen = verdict.chosen;
  if (!chosen?.claim || !outcome.claim) return false;
  const key = claimKey(chosen.claim);
  if (key !== undefined) return claimKey(outcome.claim) === key;
  return chosen.vector !== undefined && outcome.vector !== undefined && dot(chosen.vector, outcome.vector) >= TEXT_AGREEMENT;
}

async function outcomeOf(member: PanelMember, reply: MemberReply, expected: Expected): Promise<MemberOutcome> {
  const claim = claimOf(reply.answer, expected);
  if (!claim) return { model: member.model, answer: reply.answer, failure: `an answer without the ${expected} the prompt asked for` };
  if (claim.kind !== 'text') return { model: member.model, answer: reply.answer, claim };
  const [vector] = await (await loadNodeEmbedder()).embed([claim.text]);
  return { model: member.model, answer: reply.answer, claim, vector: vector! };
}

/**
 * Asks every panel member the caller's question in parallel, each in its own protocol, and
 * answers as soon as a quorum agrees (or once every member has settled) with the agreed answer
 * in the caller's protocol and `x-leo-consensus: 3/4 agree`. Every member's call is billed in
 * the ledger, stragglers included once they settle; a member that fails or dissents never fails
 * the call. Without a quorum: an error, or with `best` the best-supported answer marked.
 */
export async function answerByConsensus(deps: ProxyDeps, call: RecognisedCall, request: FastifyRequest, reply: FastifyReply, ask: ConsensusAsk): Promise<FastifyReply> {
  const { opened, panel, noQuorum, lookup } = ask;
  const canonical = opened.request;
  const expected = expectedClaim(canonical);
  const members = panel.map(panelMember);
  const panelId = randomUUID().slice(0, 8);
  const callerGone = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) callerGone.abort();
  });

  const settled: Settled[] = [];
  let verdict: PanelVerdict | undefined;
  const record = (s: Settled, v: PanelVerdict) => {
    const memberCall = openCall({ request: s.reply?.request ?? { ...canonical, model: s.member.model }, site: opened.site, prices: opened.prices, namedProvider: s.member.provider, startedAt: s.startedAt });
    const fold = s.reply ? { answer: s.reply.answer, complete: true } : undefined;
    const { event } = settleMiss(memberCall, { status: s.status, fold, detail: memberDetail(s, v, panelId) });
    deps.ledger.record(event, memberOf(request));
  };

  await new Promise<void>((decided) => {
    let pending = members.length;
    for (const member of members) {
      const startedAt = Date.now();
      const signal = AbortSignal.any([callerGone.signal, AbortSignal.timeout(deps.config.consensus.memberTimeoutMs)]);
      askMember(member, canonical, { vault: deps.vault, upstreams: deps.config.upstreams, timeoutMs: deps.config.consensus.memberTimeoutMs }, signal)
        .then(async (memberReply): Promise<Settled> => ({ member, reply: memberReply, status: memberReply.status, outcome: await outcomeOf(member, memberReply, expected), startedAt }))
        .catch((err: unknown): Settled => ({ member, outcome: { model: member.model, failure: (err as Error).message }, status: err instanceof MemberFailure ? err.status : 502, startedAt }))
        .then((s) => {
          settled.push(s);
          pending--;
          if (verdict) {
            // Settled after the verdict: billed all the same, and counted for or against it.
            record(s, agreesWith(s.outcome, verdict) ? { ...verdict, agreed: [...verdict.agreed, s.member.model] } : verdict);
            return;
          }
          const now = decidePanel(settled.map((x) => x.outcome), members.length);
          if (now.quorumReached || pending === 0) {
            verdict = now;
            for (const x of settled) record(x, now);
            decided();
          }
        });
    }
  });

  const final = verdict!;
  reply.header(CONSENSUS_HEADER, verdictHeader(final));
  const chosen = final.chosen?.answer;
  if (!chosen || (!final.quorumReached && noQuorum === 'error')) {
    if (lookup) deps.cache?.release(lookup.probe);
    const who = settled.map((s) => `${s.member.model}: ${s.outcome.failure ?? (final.agreed.includes(s.member.model) ? 'agreed' : `said ${describeClaim(s.outcome.claim!)}`)}`).join('; ');
    throw new ProtocolError(502, 'server', chosen ? `No quorum: ${final.agreed.length} of ${final.panelSize} panel members agree, ${final.quorum} needed (${who}). Send ${CONSENSUS_NO_QUORUM_HEADER}: best for the best-supported answer.` : `No panel member answered (${who}).`);
  }
  if (final.quorumReached && lookup && deps.cache) {
    deps.cache.store(lookup.probe, chosen).catch((err: unknown) => request.log.warn({ err }, 'could not store the agreed answer in the cache'));
  } else if (lookup) deps.cache?.release(lookup.probe);
  const { headers, parts } = cachedReply(call.adapter, canonical, chosen, 'miss');
  delete headers[ROUTE_HEADER];
  return reply.code(200).headers(headers).send(parts.join(''));
}
