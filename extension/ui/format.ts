export { formatUsd as usd } from '../../shared/pricing/format-usd.js';

export function count(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)}k` : String(value);
}

export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

export function ago(at: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86_400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

export const REASON_LABELS: Record<string, string> = {
  'exact-hit': 'exact hit',
  'semantic-hit': 'reworded hit',
  routed: 'routed',
  passthrough: 'provider',
  error: 'error',
};

/** Saves a text as a file the user downloads. */
export function download(name: string, text: string, type = 'application/x-ndjson'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
