import type { IncomingHttpHeaders } from 'node:http';
import type { ErrorKind } from '../../shared/protocols/errors.js';

/**
 * A failure the simulator acts out on request, named in the `x-sim-fault` header or as
 * `[[sim:NAME]]` anywhere in the prompt (so a browser page can ask for one too).
 */
export type Fault =
  | { type: 'status'; status: number; kind: ErrorKind; retryAfter?: number }
  | { type: 'cut' } // sends half the stream, then drops the connection
  | { type: 'hang' }; // never answers

const STATUS_FAULTS: Record<string, { status: number; kind: ErrorKind; retryAfter?: number }> = {
  '400': { status: 400, kind: 'invalid_request' },
  '401': { status: 401, kind: 'authentication' },
  '403': { status: 403, kind: 'permission' },
  '404': { status: 404, kind: 'not_found' },
  '429': { status: 429, kind: 'rate_limit', retryAfter: 7 },
  '500': { status: 500, kind: 'server' },
  '503': { status: 503, kind: 'overloaded', retryAfter: 3 },
  '529': { status: 529, kind: 'overloaded' },
  overloaded: { status: 529, kind: 'overloaded' },
};

export function parseFault(name: string): Fault | undefined {
  if (name === 'cut' || name === 'hang') return { type: name };
  const status = STATUS_FAULTS[name];
  return status ? { type: 'status', ...status } : undefined;
}

export function faultFor(headers: IncomingHttpHeaders, prompt: string): Fault | undefined {
  const named = headers['x-sim-fault'];
  if (typeof named === 'string') return parseFault(named);
  const inPrompt = /\[\[sim:([\w-]+)\]\]/.exec(prompt);
  return inPrompt ? parseFault(inPrompt[1]!) : undefined;
}
