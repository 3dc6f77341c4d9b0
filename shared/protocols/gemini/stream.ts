import type { FoldResult } from '../adapter.js';
import { mergeText, partsFor, type AnswerPart, type CanonicalAnswer } from '../canonical/answer.js';
import { nowSeconds } from '../ids.js';
import { isObject, type JsonObject } from '../json-shape.js';
import { JsonEventFolder } from '../sse/json-event-folder.js';
import { textPieces } from '../text-pieces.js';
import { field } from './fields.js';
import {
  candidateParts,
  geminiFinishReason,
  parseGeminiUsage,
  renderGeminiPart,
  renderGeminiUsage,
  stopReasonFromGemini, callsFunction } from './response.js';

/** Gemini frames its SSE events with CRLF, and has no terminal event: the finishReason chunk ends it. */
function frame(body: JsonObject): string {
  return `data: ${JSON.stringify(body)}\r\n\r\n`;
}

export function renderGenerateSse(answer: CanonicalAnswer): string[] {
  const pieces: AnswerPart[] = partsFor(answer, 'gemini').flatMap((part) =>
    part.type === 'text' ? textPieces(part.text).map((text): AnswerPart => ({ type: 'text', text })) : [part],
  );
  if (pieces.length === 0) pieces.push({ type: 'text', text: '' });
  const promptOnly = { promptTokenCount: answer.usage.inputTokens, totalTokenCount: answer.usage.inputTokens };
  return pieces.map((part, i) => {
    const last = i === pieces.length - 1;
    const candidate: JsonObject = { content: { parts: [renderGeminiPart(part)], role: 'model' }, index: 0 };
    if (last) candidate.finishReason = geminiFinishReason(answer.stopReason);
    return frame({
      candidates: [candidate],
      usageMetadata: last ? renderGeminiUsage(answer.usage) : promptOnly,
      modelVersion: answer.model,
      responseId: answer.id,
    });
  });
}

export class GenerateStreamFolder extends JsonEventFolder {
  private id = '';
  private model = '';
  private readonly created = nowSeconds();
  private parts: AnswerPart[] = [];
  private finish: unknown;

  protected ended(): boolean {
    return this.finish !== undefined;
  }
  private usage: unknown;

  result(): FoldResult {
    const parts = mergeText(this.parts);
    const answer: CanonicalAnswer = {
      id: this.id,
      model: this.model,
      parts,
      stopReason: stopReasonFromGemini(this.finish, callsFunction(parts)),
      usage: parseGeminiUsage(this.usage),
      created: this.created,
    };
    return this.folded(answer, this.finish !== undefined);
  }

  protected take(chunk: JsonObject): void {
    if (isObject(chunk.error)) {
      this.error = String(chunk.error.message ?? 'Upstream stream error.');
      return;
    }
    const id = field(chunk, 'responseId');
    const model = field(chunk, 'modelVersion');
    if (typeof id === 'string') this.id = id;
    if (typeof model === 'string') this.model = model;
    const usage = field(chunk, 'usageMetadata');
    if (isObject(usage)) this.usage = usage;
    const { parts, finish, withheld } = candidateParts(chunk);
    this.parts.push(...parts);
    for (const name of withheld) this.withheld.add(name);
    if (finish !== undefined) this.finish = finish;
  }
}
