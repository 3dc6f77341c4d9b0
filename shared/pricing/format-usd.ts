/** Dollars as people read them: cents from a cent up, two significant digits below (savings per call are often fractions of a cent). */
export function formatUsd(value: number): string {
  if (value === 0) return '$0.00';
  if (Math.abs(value) >= 0.01) return `$${value.toFixed(2)}`;
  return `$${Number(value.toPrecision(2)).toFixed(Math.min(10, 1 - Math.floor(Math.log10(Math.abs(value)))))}`;
}
