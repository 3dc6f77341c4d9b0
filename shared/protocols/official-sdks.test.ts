import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textAnswer, toolAnswer, truncatedAnswer } from '../../tests/helpers/answers.js';
import { serveAnswer, type RenderServer } from '../../tests/helpers/render-server.js';
import { answerText, type CanonicalAnswer } from './index.js';

const weatherTool = {
  name: 'get_weather',
  description: 'Weather forecast for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string' }, days: { type: 'number' } },
    required: ['city'],
  },
};

/** Runs one suite per served answer, with one server per suite. */
function withServer(answer: CanonicalAnswer, body: (server: () => RenderServer) => void) {
  let server: RenderServer;
  beforeAll(async () => {
    server = await serveAnswer(answer);
  });
  afterAll(() => server.close());
  body(() => server);
}

describe('the official openai SDK parses our Chat Completions renderings', () => {
  const client = (s: RenderServer) => new OpenAI({ apiKey: 'test', baseURL: `${s.url}/v1`, maxRetries: 0 });

  withServer(textAnswer, (server) => {
    it('returns the text and usage of a JSON answer', async () => {
      const res = await client(server()).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
      expect(res.choices[0]?.message.content).toBe(answerText(textAnswer));
      expect(res.choices[0]?.finish_reason).toBe('stop');
      expect(res.usage).toMatchObject({ prompt_tokens: 120, completion_tokens: 24, prompt_tokens_details: { cached_tokens: 64 } });
    });

    it('accumulates a stream into the same text and usage', async () => {
      const stream = client(server()).chat.completions.stream({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'hi' }],
        stream_options: { include_usage: true },
      });
      const final = await stream.finalChatCompletion();
      expect(final.choices[0]?.message.content).toBe(answerText(textAnswer));
      expect(final.usage?.prompt_tokens).toBe(120);
      expect(final.usage?.completion_tokens).toBe(24);
    });

    it('sends no usage chunk when the caller did not ask for one', async () => {
      const stream = await client(server()).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.every((c) => c.usage === undefined)).toBe(true);
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(answerText(textAnswer));
    });
  });

  withServer(toolAnswer, (server) => {
    it('returns tool calls, JSON and streamed', async () => {
      const args = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'weather?' }], tools: [{ type: 'function' as const, function: weatherTool }] };
      const json = await client(server()).chat.completions.create(args);
      const streamed = await client(server()).chat.completions.stream(args).finalChatCompletion();
      for (const res of [json, streamed]) {
        const call = res.choices[0]?.message.tool_calls?.[0];
        expect(call?.type === 'function' && call.function).toEqual({ name: 'get_weather', arguments: '{"city":"Zürich","unit":"celsius","days":3}' });
        expect(call?.id).toBe('call_weather_1');
        expect(res.choices[0]?.finish_reason).toBe('tool_calls');
      }
    });
  });
});

describe('the official openai SDK parses our Responses renderings', () => {
  const client = (s: RenderServer) => new OpenAI({ apiKey: 'test', baseURL: `${s.url}/v1`, maxRetries: 0 });

  withServer(textAnswer, (server) => {
    it('returns output_text and usage, JSON and streamed', async () => {
      const json = await client(server()).responses.create({ model: 'gpt-4o', input: 'hi' });
      const streamed = await client(server()).responses.stream({ model: 'gpt-4o', input: 'hi' }).finalResponse();
      for (const res of [json, streamed]) {
        expect(res.output_text).toBe(answerText(textAnswer));
        expect(res.status).toBe('completed');
        expect(res.usage).toMatchObject({ input_tokens: 120, output_tokens: 24, input_tokens_details: { cached_tokens: 64 } });
      }
    });
  });

  withServer(toolAnswer, (server) => {
    it('returns function calls, JSON and streamed', async () => {
      const args = { model: 'gpt-4o', input: 'weather?', tools: [{ type: 'function' as const, strict: true, ...weatherTool }] };
      const json = await client(server()).responses.create(args);
      const streamed = await client(server()).responses.stream(args).finalResponse();
      for (const res of [json, streamed]) {
        const call = res.output.find((o) => o.type === 'function_call');
        expect(call).toMatchObject({ name: 'get_weather', call_id: 'call_weather_1', arguments: '{"city":"Zürich","unit":"celsius","days":3}' });
        expect(res.output_text).toBe('Let me check the weather.');
      }
    });
  });

  withServer(truncatedAnswer, (server) => {
    it('reports an answer cut by max_output_tokens as incomplete', async () => {
      const res = await client(server()).responses.stream({ model: 'gpt-4o', input: 'hi', max_output_tokens: 9 }).finalResponse();
      expect(res.status).toBe('incomplete');
      expect(res.incomplete_details?.reason).toBe('max_output_tokens');
    });
  });
});

describe('the official @anthropic-ai/sdk parses our Messages renderings', () => {
  const client = (s: RenderServer) => new Anthropic({ apiKey: 'test', baseURL: s.url, maxRetries: 0 });
  const base = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'hi' }] };

  withServer(textAnswer, (server) => {
    it('returns the text and usage, JSON and streamed', async () => {
      const json = await client(server()).messages.create(base);
      const streamed = await client(server()).messages.stream(base).finalMessage();
      for (const res of [json, streamed]) {
        expect(res.content).toEqual([{ type: 'text', text: answerText(textAnswer) }]);
        expect(res.stop_reason).toBe('end_turn');
        expect(res.usage).toMatchObject({ input_tokens: 56, cache_read_input_tokens: 64, output_tokens: 24 });
      }
    });
  });

  withServer(toolAnswer, (server) => {
    it('returns tool_use blocks with parsed input, JSON and streamed', async () => {
      const args = { ...base, tools: [{ name: weatherTool.name, description: weatherTool.description, input_schema: weatherTool.parameters as Anthropic.Tool.InputSchema }] };
      const json = await client(server()).messages.create(args);
      const streamed = await client(server()).messages.stream(args).finalMessage();
      for (const res of [json, streamed]) {
        expect(res.content[1]).toEqual({ type: 'tool_use', id: 'call_weather_1', name: 'get_weather', input: { city: 'Zürich', unit: 'celsius', days: 3 } });
        expect(res.stop_reason).toBe('tool_use');
      }
    });
  });
});

describe('the official @google/genai SDK parses our Gemini renderings', () => {
  const client = (s: RenderServer) => new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: s.url } });

  withServer(textAnswer, (server) => {
    it('returns the text and usage of generateContent', async () => {
      const res = await client(server()).models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
      expect(res.text).toBe(answerText(textAnswer));
      expect(res.usageMetadata).toMatchObject({ promptTokenCount: 120, candidatesTokenCount: 24, cachedContentTokenCount: 64 });
      expect(server().requests.at(-1)?.stream).toBe(false);
    });

    it('streams the same text with usage on the last chunk', async () => {
      const stream = await client(server()).models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' });
      let text = '';
      let last;
      for await (const chunk of stream) {
        text += chunk.text ?? '';
        last = chunk;
      }
      expect(text).toBe(answerText(textAnswer));
      expect(last?.candidates?.[0]?.finishReason).toBe('STOP');
      expect(last?.usageMetadata?.totalTokenCount).toBe(144);
      expect(server().requests.at(-1)?.stream).toBe(true);
    });
  });

  withServer(toolAnswer, (server) => {
    it('returns function calls, JSON and streamed', async () => {
      const config = { tools: [{ functionDeclarations: [{ name: weatherTool.name, description: weatherTool.description, parametersJsonSchema: weatherTool.parameters }] }] };
      const json = await client(server()).models.generateContent({ model: 'gemini-2.5-pro', contents: 'weather?', config });
      const calls = [];
      for await (const chunk of await client(server()).models.generateContentStream({ model: 'gemini-2.5-pro', contents: 'weather?', config })) {
        calls.push(...(chunk.functionCalls ?? []));
      }
      for (const call of [json.functionCalls?.[0], calls[0]]) {
        expect(call).toMatchObject({ name: 'get_weather', args: { city: 'Zürich', unit: 'celsius', days: 3 } });
      }
      expect(server().requests.at(-1)?.tools[0]?.name).toBe('get_weather');
    });
  });
});
