import type { CanonicalAnswer } from './canonical/answer.js';
import type { ProtocolId } from './canonical/protocol-id.js';
import type { CanonicalRequest } from './canonical/request.js';
import type { ProtocolError } from './errors.js';

/** What the URL of a call says by itself (Gemini puts the model and streaming there). */
export interface PathMatch {
  model?: string;
  stream?: boolean;
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

/** Everything the product knows about one wire protocol; one implementation per folder. */
export interface ProtocolAdapter {
  readonly id: ProtocolId;
  matchPath(pathname: string, method: string): PathMatch | null;
  /** Throws ProtocolError(400) for a body the provider would refuse as malformed. */
  parseRequest(body: unknown, match: PathMatch): CanonicalRequest;
  renderJson(answer: CanonicalAnswer, request: CanonicalRequest): unknown;
  /** The complete SSE body as frames, in the order the provider sends them. */
  renderSse(answer: CanonicalAnswer, request: CanonicalRequest): string[];
  parseJson(body: unknown): CanonicalAnswer;
  createFolder(): StreamFolder;
  renderError(error: ProtocolError): unknown;
}
