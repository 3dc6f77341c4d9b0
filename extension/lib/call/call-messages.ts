/**
 * The messages of one intercepted call, page ⇄ bridge ⇄ background. Shapes are fixed and
 * every receiver checks them: the page can post anything, and only these pass.
 */

/** Request bodies above this size are left to the page. */
export const MAX_CALL_BODY_CHARS = 8 * 1024 * 1024;

/** What the interceptor sends: the call as the page made it, minus its credentials. */
export interface PageCall {
  type: 'call';
  url: string;
  method: string;
  headers: [string, string][];
  body: string;
}

/**
 * Bodies up to this size come with the admission request: a page flooding small calls puts
 * little in the messaging pipe, and a typical prompt saves a round trip to the background.
 */
export const INLINE_BODY_CHARS = 8 * 1024;

/** The bridge's first message on a call's Port: may it send a body of this many characters? A small call comes along. */
export interface AdmissionRequest {
  type: 'admit';
  chars: number;
  call?: PageCall;
}

/** The background's answer to `admit` when the body may come; otherwise it answers `direct`. */
export const ADMITTED = { type: 'admitted' } as const;

/** What comes back, in order: `direct` alone, or `head`, `chunk`s and `end` (or `fail`). */
export type CallReply =
  /** The extension will not answer: make the original request (and report its outcome when asked, for the cache). */
  | { type: 'direct'; report: boolean }
  | { type: 'head'; status: number; statusText: string; headers: [string, string][] }
  | { type: 'chunk'; text: string }
  | { type: 'end' }
  /** Before `head`: the page makes its original request. After it: the body fails. */
  | { type: 'fail'; message: string };

/** What the page sends after its call: it aborted, or its direct request finished. */
export type CallFollowUp =
  | { type: 'abort' }
  | { type: 'direct-result'; status: number; body: string; complete: boolean };

/** The name of the Port each intercepted call opens to the background. */
export const CALL_PORT = 'leo-optima/call';

/** The envelope that carries a call's MessagePort from the page to the bridge. */
export const CALL_ENVELOPE = 'leo-optima/call';

const isString = (v: unknown): v is string => typeof v === 'string';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isHeaderList = (v: unknown): v is [string, string][] =>
  Array.isArray(v) && v.length <= 200 && v.every((h) => Array.isArray(h) && h.length === 2 && isString(h[0]) && isString(h[1]));
const isStatus = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 599;

export function asPageCall(v: unknown): PageCall | undefined {
  if (!isRecord(v) || v.type !== 'call') return undefined;
  const { url, method, headers, body } = v;
  if (!isString(url) || url.length > 8192 || !isString(method) || method.length > 16 || !isHeaderList(headers)) return undefined;
  if (!isString(body) || body.length > MAX_CALL_BODY_CHARS) return undefined;
  return { type: 'call', url, method, headers, body };
}

export function asAdmissionRequest(v: unknown): AdmissionRequest | undefined {
  if (!isRecord(v) || v.type !== 'admit' || !Number.isInteger(v.chars) || (v.chars as number) < 0 || (v.chars as number) > MAX_CALL_BODY_CHARS) return undefined;
  const chars = v.chars as number;
  if (v.call === undefined) return { type: 'admit', chars };
  const call = asPageCall(v.call);
  if (!call || call.body.length !== chars || chars > INLINE_BODY_CHARS) return undefined;
  return { type: 'admit', chars, call };
}

export function asCallReply(v: unknown): CallReply | undefined {
  if (!isRecord(v)) return undefined;
  switch (v.type) {
    case 'direct':
      return typeof v.report === 'boolean' ? { type: 'direct', report: v.report } : undefined;
    case 'end':
      return { type: 'end' };
    case 'head':
      return isStatus(v.status) && isString(v.statusText) && isHeaderList(v.headers) ? { type: 'head', status: v.status, statusText: v.statusText, headers: v.headers } : undefined;
    case 'chunk':
      return isString(v.text) ? { type: 'chunk', text: v.text } : undefined;
    case 'fail':
      return isString(v.message) ? { type: 'fail', message: v.message } : undefined;
    default:
      return undefined;
  }
}

export function asCallFollowUp(v: unknown): CallFollowUp | undefined {
  if (!isRecord(v)) return undefined;
  if (v.type === 'abort') return { type: 'abort' };
  if (v.type === 'direct-result' && isStatus(v.status) && isString(v.body) && v.body.length <= 4 * MAX_CALL_BODY_CHARS && typeof v.complete === 'boolean') {
    return { type: 'direct-result', status: v.status, body: v.body, complete: v.complete };
  }
  return undefined;
}
