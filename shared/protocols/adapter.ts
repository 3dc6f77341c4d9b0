import type { CanonicalAnswer } from './canonical/answer.js';
import type { ProtocolId } from './canonical/protocol-id.js';
import type { CanonicalRequest } from './canonical/request.js';
import type { ProtocolError } from './errors.js';
import type { OutgoingRequest } from './outgoing-request.js';

/** What the URL of a call says by itself (Gemini puts the model and streaming there, Azure its deployment). */
export interface PathMatch {
  /** The endpoint's path as the provider documents it, relative to its API root: what goes upstream. */
  path: string;
  /** The documented query parameters the call carried, credentials left out: `?alt=sse`, `?beta=true` or ''. */
  query: string;
  model?: string;
  stream?: boolean;
}

/** What a request parser needs of the URL. */
export type UrlFacts = Pick<PathMatch, 'model' | 'stream'>;

/** A documented query parameter and the values the provider accepts for it. */
export interface QueryParameter {
  values: RegExp;
  /** A credential (Gemini's `key`): accepted on the way in, never passed on. */
  credential?: boolean;
}

export interface FoldResult {
  answer: CanonicalAnswer;
  /** True once the protocol's terminal event arrived; a stream cut before it is truncated. */
  complete: boolean;
  /** The message of an error event inside the stream, if one came. */
  error?: string;
}

/** Folds a live SSE body, fed in chunks split anywhere, into one answer. */
export interface StreamFolder {
  push(chunk: Uint8Array | string): void;
  result(): FoldResult;
}

/** What a proxy does to a call's raw bytes in this protocol, without parsing more than it must. */
export interface ProtocolWire {
  /** The provider key, in the headers this protocol sends it in. */
  authHeaders(key: string): Record<string, string>;
  /** Headers the protocol requires, sent with these values when the caller sent none of that name. */
  readonly defaultHeaders?: Readonly<Record<string, string>>;
  /**
   * Where the model is named: in the JSON body's top-level `model`, in the path (Gemini), or by
   * a deployment in the path that the user named and that stands for one model (Azure): that
   * call cannot be sent to another model.
   */
  readonly modelIn: 'body' | 'path' | 'deployment';
  /** Whether the reply to this call comes in a form the cache can fold and replay whole. */
  replayable(request: CanonicalRequest, match: PathMatch): boolean;
  /**
   * The body to send when the caller did not ask for usage in a stream that reports none
   * without being asked (the ledger would have to guess the tokens); undefined to send it as is.
   */
  withUsageRequested?(request: CanonicalRequest, json: unknown, body: Uint8Array): Uint8Array | undefined;
  /** A stream frame the proxy added by asking for usage, which the caller did not ask for. */
  isAddedUsageFrame?(frame: string): boolean;
  /**
   * The body with the provider's prompt-cache hints added where the caller gave none (the
   * meaning of the request unchanged), for a conversation named `conversation`; undefined to
   * send it as is.
   */
  withPromptCaching?(body: Uint8Array, conversation: string): Uint8Array | undefined;
}

/** Everything the product knows about one wire protocol; one implementation per folder. */
export interface ProtocolAdapter {
  readonly id: ProtocolId;
  /** Matches a path relative to the provider's API root exactly; the query is checked against `query`. */
  matchPath(apiPath: string, method: string): Omit<PathMatch, 'query'> | null;
  /** The query parameters the provider documents for this protocol's endpoints; any other is refused. */
  readonly query: Readonly<Record<string, QueryParameter>>;
  /** Throws ProtocolError(400) for a body the provider would refuse as malformed. */
  parseRequest(body: unknown, match: UrlFacts): CanonicalRequest;
  renderJson(answer: CanonicalAnswer, request: CanonicalRequest): unknown;
  /** The complete SSE body as frames, in the order the provider sends them. */
  renderSse(answer: CanonicalAnswer, request: CanonicalRequest): string[];
  parseJson(body: unknown): CanonicalAnswer;
  createFolder(): StreamFolder;
  renderError(error: ProtocolError): unknown;
  /** The call this protocol makes for a canonical request, not streamed, to `model`: how the companion asks a consensus panel member. */
  renderRequest?(request: CanonicalRequest, model: string): OutgoingRequest;
  readonly wire: ProtocolWire;
}
