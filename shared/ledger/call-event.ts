import type { ProtocolId } from '../protocols/canonical/protocol-id.js';
import type { CanonicalUsage } from '../protocols/canonical/usage.js';

/** Why a call cost what it cost. */
export type CallReason = 'passthrough' | 'exact-hit' | 'semantic-hit' | 'routed' | 'error';

export interface CallEvent {
  /** Unix milliseconds. */
  at: number;
  /** The page's origin, or the client that called the proxy (its user agent). */
  site: string;
  protocol: ProtocolId;
  provider: string;
  requestedModel: string;
  servedModel: string;
  stream: boolean;
  status: number;
  usage: CanonicalUsage;
  /** True when usage was estimated because the provider did not report it. */
  usageEstimated: boolean;
  /** What the call cost; null when the model has no known price. */
  costUsd: number | null;
  /** What the call would have cost as the page sent it, minus what it cost. */
  costAvoidedUsd: number;
  reason: CallReason;
  /** False for a stream cut before its end. */
  complete: boolean;
  latencyMs: number;
  /** Why the cache hit or missed, and what the router decided; '' when there is nothing to say. */
  detail: string;
  /** The conversation the call belongs to (a hash of what all its turns start with). */
  conversation: string;
}
