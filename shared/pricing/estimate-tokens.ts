/**
 * A provider-independent token estimate for text whose exact count we do not have: about
 * four characters per token for English, one per character for CJK scripts.
 */
export function estimateTokens(text: string): number {
  if (text === '') return 0;
  const cjk = text.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g)?.length ?? 0;
  return Math.max(1, Math.ceil((text.length - cjk) / 4) + cjk);
}
