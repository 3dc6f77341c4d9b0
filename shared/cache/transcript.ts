import type { CanonicalRequest } from '../protocols/canonical/request.js';

/** The conversation an entry answers, as a fine-tuning example needs it: instructions and text turns. */
export interface Transcript {
  system: string;
  turns: { role: 'user' | 'assistant'; text: string }[];
  /** False when the conversation carried what the turns leave out (tools, their calls and results, media). */
  textOnly: boolean;
}

export function transcriptOf(request: CanonicalRequest): Transcript {
  let textOnly = request.tools.length === 0;
  const turns: Transcript['turns'] = [];
  for (const message of request.messages) {
    if (message.role === 'tool' || message.content.some((c) => c.type !== 'text')) textOnly = false;
    if (message.role === 'tool') continue;
    turns.push({ role: message.role, text: message.content.map((c) => (c.type === 'text' ? c.text : '')).join('') });
  }
  return { system: request.system, turns, textOnly };
}
