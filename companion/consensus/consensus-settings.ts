import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProtocolError } from '../../shared/protocols/errors.js';
import { CONSENSUS_HEADER, CONSENSUS_NO_QUORUM_HEADER } from '../../shared/companion-contract.js';
import { ADAPTERS } from '../../shared/protocols/registry.js';
import { PROVIDERS, providerForModel } from '../../shared/protocols/providers.js';

/** What a panel does when fewer than a quorum agree: fail the call, or answer with the best-supported answer marked `no-quorum`. */
export type NoQuorum = 'error' | 'best';

export interface ConsensusConfig {
  /** The default panel: model names, each sent to the provider its name implies. Empty: none configured. */
  panel: string[];
  /** How long each member may take; past it the member counts as a dissenter. */
  memberTimeoutMs: number;
  noQuorum: NoQuorum;
}

const DEFAULTS: ConsensusConfig = { panel: [], memberTimeoutMs: 60_000, noQuorum: 'error' };

/** A model a panel can ask: its provider speaks a protocol the companion can write a request in. */
function checkedMember(model: string, source: string): string {
  const trimmed = model.trim();
  if (!/^[\w.:/-]{1,128}$/.test(trimmed)) throw new Error(`${source}: '${model}' is not a model name.`);
  const provider = providerForModel(trimmed);
  if (!PROVIDERS[provider].protocols.some((p) => ADAPTERS[p].renderRequest)) throw new Error(`${source}: ${trimmed} goes to ${PROVIDERS[provider].name}, which a panel cannot ask.`);
  return trimmed;
}

function panelFrom(list: string, source: string): string[] {
  const models = list.split(',').filter((m) => m.trim() !== '').map((m) => checkedMember(m, source));
  if (new Set(models).size !== models.length) throw new Error(`${source}: a model is named twice in the panel (${models.join(', ')}).`);
  return models;
}

/** `<home>/consensus.json` (`{"panel": [...], "memberTimeoutMs": 60000, "noQuorum": "error"}`), then `LEO_CONSENSUS_PANEL` on top. */
export function consensusConfigFrom(home: string): ConsensusConfig {
  const file = join(home, 'consensus.json');
  let config = { ...DEFAULTS };
  if (existsSync(file)) {
    let parsed: Partial<ConsensusConfig>;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ConsensusConfig>;
    } catch (err) {
      throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (parsed.panel !== undefined && !(Array.isArray(parsed.panel) && parsed.panel.every((m) => typeof m === 'string'))) throw new Error(`${file}: "panel" must be a list of model names.`);
    if (parsed.memberTimeoutMs !== undefined && !(Number.isFinite(parsed.memberTimeoutMs) && parsed.memberTimeoutMs > 0)) throw new Error(`${file}: "memberTimeoutMs" must be a positive number.`);
    if (parsed.noQuorum !== undefined && parsed.noQuorum !== 'error' && parsed.noQuorum !== 'best') throw new Error(`${file}: "noQuorum" must be "error" or "best".`);
    config = { ...config, ...parsed, panel: panelFrom((parsed.panel ?? []).join(','), file) };
  }
  const fromEnv = process.env.LEO_CONSENSUS_PANEL;
  if (fromEnv) config.panel = panelFrom(fromEnv, 'LEO_CONSENSUS_PANEL');
  return config;
}

/** The panel a call asks for with `x-leo-consensus: on` (the configured one) or `MODEL,MODEL,…`; undefined when it asks for none. */
export function requestedPanel(headers: Record<string, string | string[] | undefined>, config: ConsensusConfig): string[] | undefined {
  const raw = headers[CONSENSUS_HEADER];
  if (raw === undefined) return undefined;
  const value = String(raw).trim();
  if (value === '' || value.toLowerCase() === 'off') return undefined;
  if (value.toLowerCase() === 'on') {
    if (config.panel.length < 2) throw new ProtocolError(400, 'invalid_request', `${CONSENSUS_HEADER}: on asks for the configured panel, and none is configured: set LEO_CONSENSUS_PANEL=gpt-4o,claude-sonnet-4-5,gemini-2.5-pro (or "panel" in consensus.json), or name the models in the header.`);
    return config.panel;
  }
  let panel: string[];
  try {
    panel = panelFrom(value, CONSENSUS_HEADER);
  } catch (err) {
    throw new ProtocolError(400, 'invalid_request', (err as Error).message);
  }
  if (panel.length < 2) throw new ProtocolError(400, 'invalid_request', `${CONSENSUS_HEADER} names one model; a panel needs at least two (four tolerate one that is wrong).`);
  return panel;
}

/** The caller's `x-leo-consensus-no-quorum`, else the configured outcome. */
export function noQuorumOutcome(headers: Record<string, string | string[] | undefined>, config: ConsensusConfig): NoQuorum {
  const raw = headers[CONSENSUS_NO_QUORUM_HEADER];
  if (raw === undefined) return config.noQuorum;
  const value = String(raw).trim().toLowerCase();
  if (value !== 'error' && value !== 'best') throw new ProtocolError(400, 'invalid_request', `${CONSENSUS_NO_QUORUM_HEADER} must be error or best; got '${value.slice(0, 40)}'.`);
  return value;
}
