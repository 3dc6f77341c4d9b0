import type { FoldResult } from '../adapter.js';
import type { CanonicalAnswer } from '../canonical/answer.js';
import type { CanonicalRequest } from '../canonical/request.js';
import { emptyUsage } from '../canonical/usage.js';
import { nowSeconds } from '../ids.js';
import { isObject, type JsonObject } from '../json-shape.js';
import { JsonEventFolder } from '../sse/json-event-folder.js';
import { formatSseEvent } from '../sse/parser.js';
import { jsonPieces, textPieces } from '../text-pieces.js';
import { outputItems, parseResponsesJson, responseObject } from './response.js';

export function renderResponsesSse(answer: CanonicalAnswer, request: CanonicalRequest): string[] {
  const frames: string[] = [];
  let sequence = 0;
  const emit = (type: string, body: JsonObject) => {
    frames.push(formatSseEvent(JSON.stringify({ type, ...body, sequence_number: sequence++ }), type));
  };

  const items = outputItems(answer);
  emit('response.created', { response: responseObject(answer, request, items, 'in_progress') });
  emit('response.in_progress', { response: responseObject(answer, request, items, 'in_progress') });
  items.forEach((item, output_index) => {
    const item_id = item.id;
    if (item.type === 'message') {
      const part = (item.content as JsonObject[])[0]!;
      const text = String(part.text);
      emit('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
      emit('response.content_part.added', {
        item_id,
        output_index,
        content_index: 0,
        part: { type: 'output_text', annotations: [], logprobs: [], text: '' },
      });
      for (const delta of textPieces(text)) {
        emit('response.output_text.delta', { item_id, output_index, content_index: 0, delta, logprobs: [] });
      }
      emit('response.output_text.done', { item_id, output_index, content_index: 0, text, logprobs: [] });
      emit('response.content_part.done', { item_id, output_index, content_index: 0, part });
    } else if (item.type !== 'function_call') {
      emit('response.output_item.added', { output_index, item });
    } else {
      const args = String(item.arguments);
      emit('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } });
      for (const delta of jsonPieces(args)) emit('response.function_call_arguments.delta', { item_id, output_index, delta });
      emit('response.function_call_arguments.done', { item_id, output_index, arguments: args });
    }
    emit('response.output_item.done', { output_index, item });
  });
  const final = responseObject(answer, request, items, 'final');
  emit(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: final });
  return frames;
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export class ResponsesStreamFolder extends JsonEventFolder {
  private final: CanonicalAnswer | undefined;

  protected ended(): boolean {
    return this.final !== undefined;
  }
  private id = '';
  private model = '';
  private text = '';

  result(): FoldResult {
    if (this.final) return this.folded({ ...this.final }, this.final.stopReason !== 'error');
    // Cut before the terminal event: what arrived, for the ledger only.
    const partial: CanonicalAnswer = {
      id: this.id,
      model: this.model,
      parts: this.text === '' ? [] : [{ type: 'text', text: this.text }],
      stopReason: 'stop',
      usage: emptyUsage(),
      created: nowSeconds(),
    };
    return this.folded(partial, false);
  }

  protected take(e: JsonObject): void {
    if (typeof e.type !== 'string') return;
    if (e.type === 'error') {
      this.error = String(e.message ?? 'Upstream stream error.');
    } else if (e.type === 'response.created' && isObject(e.response)) {
      this.id = String(e.response.id ?? '');
      this.model = String(e.response.model ?? '');
    } else if (e.type === 'response.output_text.delta') {
      this.text += String(e.delta ?? '');
    } else if (TERMINAL.has(e.type) && isObject(e.response)) {
      this.final = parseResponsesJson(e.response);
      if (e.type === 'response.failed') {
        const error = isObject(e.response.error) ? e.response.error : {};
        this.error = String(error.message ?? 'The response failed.');
      }
    }
  }
}
