export type { FoldResult, PathMatch, ProtocolAdapter, StreamFolder } from './adapter.js';
export * from './canonical/answer.js';
export * from './canonical/protocol-id.js';
export * from './canonical/request.js';
export * from './canonical/usage.js';
export * from './errors.js';
export * from './providers.js';
export * from './registry.js';
export { SseParser, formatSseEvent, type SseEvent } from './sse/parser.js';
