import type { FoldResult, ProtocolAdapter } from './adapter.js';

/** Folds a response body of either kind as it streams past: SSE event by event, JSON once whole. */
export interface BodyFolder {
  push(chunk: Uint8Array | string): void;
  /** The answer so far; undefined for an error status or a body that is not the protocol's JSON. */
  result(): FoldResult | undefined;
}

export function createBodyFolder(adapter: ProtocolAdapter, status: number, contentType: string): BodyFolder {
  if (status >= 400) return { push() {}, result: () => undefined };
  if (contentType.includes('text/event-stream')) return adapter.createFolder();
  const decoder = new TextDecoder();
  let text = '';
  return {
    push(chunk) {
      text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    },
    result() {
      try {
        return { answer: adapter.parseJson(JSON.parse(text + decoder.decode())), complete: true };
      } catch {
        return undefined;
      }
    },
  };
}
