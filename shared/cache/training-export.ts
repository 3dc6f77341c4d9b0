import type { CacheEntry } from './cache-entry.js';

/** The fine-tuning formats `leo cache export --format` writes: OpenAI chat, and Anthropic's (Amazon Bedrock) system-and-messages. */
export const TRAINING_FORMATS = ['openai-chat', 'anthropic'] as const;
export type TrainingFormat = (typeof TRAINING_FORMATS)[number];

/** Why an entry makes no training example. */
export type SkipReason = 'no conversation recorded' | 'tools or media in the conversation' | 'not a whole text answer';

/**
 * One fine-tuning example from a cached answer: the conversation it answered, then the answer
 * as the assistant's turn. Entries stored before conversations were kept, conversations with
 * tools or media, and answers that are not whole text give none, and say why.
 */
export function trainingExample(entry: CacheEntry, format: TrainingFormat): { example: object } | { skipped: SkipReason } {
  const { transcript, answer } = entry;
  if (!transcript) return { skipped: 'no conversation recorded' };
  if (!transcript.textOnly) return { skipped: 'tools or media in the conversation' };
  if (answer.stopReason !== 'stop' || answer.parts.some((p) => p.type !== 'text')) return { skipped: 'not a whole text answer' };
  const reply = { role: 'assistant', content: answer.parts.map((p) => (p.type === 'text' ? p.text : '')).join('') };
  const turns = transcript.turns.map((t) => ({ role: t.role, content: t.text }));
  if (format === 'openai-chat') return { example: { messages: [...(transcript.system ? [{ role: 'system', content: transcript.system }] : []), ...turns, reply] } };
  return { example: { ...(transcript.system ? { system: transcript.system } : {}), messages: [...turns, reply] } };
}
