import type { Ask, Turn } from './playground/playground.js';

/** What a step should show: the point of the step, so the printed table says whether it did. */
export type Expectation = 'provider' | 'exact-hit' | 'semantic-hit' | 'must-miss';

export interface Step {
  note: string;
  expect: Expectation;
  ask: Ask;
}

const gpt = (prompt: string, extra: Partial<Ask> = {}): Ask => ({ provider: 'openai', model: 'gpt-4o', prompt, stream: true, ...extra });
const claude = (prompt: string, extra: Partial<Ask> = {}): Ask => ({ provider: 'anthropic', model: 'claude-sonnet-4-5', prompt, stream: true, ...extra });

const followUp: Turn[] = [
  { role: 'user', content: 'Write a Python function that checks whether a number is prime.' },
  { role: 'assistant', content: 'def is_prime(n):\n    if n < 2:\n        return False\n    return all(n % d for d in range(2, int(n ** 0.5) + 1))' },
];

/**
 * A realistic session in an agent playground: a task run again and again while the agent is
 * tuned, the same asks in other words, a multi-turn follow-up, a few hard prompts, and look-
 * alikes that must not be served someone else's answer.
 */
export const DEMO_SESSION: Step[] = [
  { note: 'first run of an agent task', expect: 'provider', ask: gpt('Summarise the plot of Hamlet in three sentences.') },
  { note: 'the agent runs again', expect: 'exact-hit', ask: gpt('Summarise the plot of Hamlet in three sentences.') },
  { note: 'and again, unstreamed', expect: 'exact-hit', ask: gpt('Summarise the plot of Hamlet in three sentences.', { stream: false }) },
  { note: 'same ask, US spelling', expect: 'semantic-hit', ask: gpt('Summarize the plot of Hamlet in three sentences.') },
  { note: 'a coding question', expect: 'provider', ask: gpt('How do I convert a string to an integer in Python?') },
  { note: 'reworded', expect: 'semantic-hit', ask: gpt('How can I convert a string to an integer in Python?') },
  { note: 'same words, other language: must not hit', expect: 'must-miss', ask: gpt('How do I convert a string to an integer in JavaScript?') },
  { note: 'a list request', expect: 'provider', ask: gpt('List three benefits of unit testing.') },
  { note: 'digits for words', expect: 'semantic-hit', ask: gpt('List 3 benefits of unit testing.') },
  { note: 'arithmetic', expect: 'provider', ask: gpt('What is 2+2?') },
  { note: 'one digit differs: must not hit', expect: 'must-miss', ask: gpt('What is 2+3?') },
  { note: 'first turn of a conversation', expect: 'provider', ask: gpt(followUp[0]!.content) },
  { note: 'follow-up turn', expect: 'provider', ask: gpt('Now make it faster for large numbers.', { history: followUp }) },
  { note: 'the conversation re-run', expect: 'exact-hit', ask: gpt('Now make it faster for large numbers.', { history: followUp }) },
  { note: 'same follow-up after another first turn: must not hit', expect: 'must-miss', ask: gpt('Now make it faster for large numbers.', { history: [{ role: 'user', content: 'Write a JavaScript function that sorts an array of dates.' }, { role: 'assistant', content: 'const sortDates = (dates) => [...dates].sort((a, b) => a - b);' }] }) },
  { note: 'hard prompt', expect: 'provider', ask: gpt('Prove that there are infinitely many primes, then explain why the same argument fails for twin primes, step by step.') },
  { note: 'hard prompt', expect: 'provider', ask: gpt('Design a rate limiter for a distributed API gateway; compare token bucket and sliding window under clock skew.') },
  { note: 'Anthropic, first run', expect: 'provider', ask: claude('What are the main causes of inflation?') },
  { note: 'Anthropic, reworded', expect: 'semantic-hit', ask: claude('What are the primary causes of inflation?') },
  { note: 'Anthropic, another language asked: must not hit', expect: 'must-miss', ask: claude('Translate "good morning" into French.') },
  { note: 'and the other one', expect: 'must-miss', ask: claude('Translate "good morning" into Spanish.') },
];
