import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

/**
 * A small agent playground, the way browser playgrounds work: the page calls the providers'
 * APIs itself with their official SDKs. It knows nothing of LEO Optima; the extension's
 * only trace is the `x-leo-cache` header it reads to label each answer.
 */

export interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

export interface Ask {
  provider: 'openai' | 'anthropic';
  model: string;
  prompt: string;
  stream: boolean;
  history?: Turn[];
  system?: string;
}

export interface Answer {
  text: string;
  cache: string;
  route: string;
  ms: number;
  /** Text pieces as the SDK delivered them: more than one for a stream that arrived in parts. */
  pieces: number;
}

const KEY = 'sk-playground-placeholder';
const openai = new OpenAI({ apiKey: KEY, dangerouslyAllowBrowser: true, maxRetries: 0 });
const anthropic = new Anthropic({ apiKey: KEY, dangerouslyAllowBrowser: true, maxRetries: 0 });

async function askOpenAI(ask: Ask): Promise<Omit<Answer, 'ms'>> {
  const messages = [...(ask.system ? [{ role: 'system' as const, content: ask.system }] : []), ...(ask.history ?? []), { role: 'user' as const, content: ask.prompt }];
  if (!ask.stream) {
    const { data, response } = await openai.chat.completions.create({ model: ask.model, messages }).withResponse();
    return { text: data.choices[0]?.message.content ?? '', cache: response.headers.get('x-leo-cache') ?? '', route: response.headers.get('x-leo-route') ?? '', pieces: 1 };
  }
  const { data, response } = await openai.chat.completions.create({ model: ask.model, messages, stream: true }).withResponse();
  let text = '';
  let pieces = 0;
  for await (const chunk of data) {
    const delta = chunk.choices[0]?.delta.content;
    if (delta) {
      text += delta;
      pieces += 1;
    }
  }
  return { text, cache: response.headers.get('x-leo-cache') ?? '', route: response.headers.get('x-leo-route') ?? '', pieces };
}

async function askAnthropic(ask: Ask): Promise<Omit<Answer, 'ms'>> {
  const params = { model: ask.model, max_tokens: 512, ...(ask.system ? { system: ask.system } : {}), messages: [...(ask.history ?? []), { role: 'user' as const, content: ask.prompt }] };
  if (!ask.stream) {
    const { data, response } = await anthropic.messages.create(params).withResponse();
    const text = data.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    return { text, cache: response.headers.get('x-leo-cache') ?? '', route: response.headers.get('x-leo-route') ?? '', pieces: 1 };
  }
  const { data, response } = await anthropic.messages.create({ ...params, stream: true }).withResponse();
  let text = '';
  let pieces = 0;
  for await (const event of data) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
      text += event.delta.text;
      pieces += 1;
    }
  }
  return { text, cache: response.headers.get('x-leo-cache') ?? '', route: response.headers.get('x-leo-route') ?? '', pieces };
}

export async function ask(request: Ask): Promise<Answer> {
  const started = performance.now();
  const answer = request.provider === 'openai' ? await askOpenAI(request) : await askAnthropic(request);
  return { ...answer, ms: performance.now() - started };
}

// ---- the chat UI ----

const transcript = document.querySelector<HTMLOListElement>('#transcript')!;
const form = document.querySelector<HTMLFormElement>('#composer')!;

function addBubble(role: string, text: string, label = ''): HTMLLIElement {
  const item = document.createElement('li');
  item.className = role;
  const body = document.createElement('div');
  body.className = 'text';
  body.textContent = text;
  item.append(body);
  if (label) {
    const tag = document.createElement('span');
    tag.className = `tag ${label.replace(/\W+/g, '-')}`;
    tag.textContent = label;
    item.append(tag);
  }
  transcript.append(item);
  item.scrollIntoView({ block: 'end' });
  return item;
}

/** Asks through the UI, so a watching user (and a screenshot) sees the conversation. */
export async function askInChat(request: Ask): Promise<Answer> {
  addBubble('user', request.prompt, `${request.model}${request.stream ? ' · stream' : ''}`);
  try {
    const answer = await ask(request);
    const label = answer.cache && answer.cache !== 'miss' ? `${answer.cache} · ${answer.ms.toFixed(0)} ms` : `${answer.route ? `routed ${answer.route}` : 'provider'} · ${answer.ms.toFixed(0)} ms`;
    addBubble('assistant', answer.text, label);
    return answer;
  } catch (err) {
    addBubble('error', (err as Error).message, 'error');
    throw err;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const [provider, model] = String(data.get('model')).split(':') as [Ask['provider'], string];
  const prompt = String(data.get('prompt')).trim();
  if (!prompt) return;
  form.reset();
  void askInChat({ provider, model, prompt, stream: data.get('stream') === 'on' }).catch(() => undefined);
});

Object.assign(window, { playground: { ask, askInChat } });
