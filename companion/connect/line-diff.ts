const MAX_CELLS = 4_000_000;

/** The lines removed (`- `, numbered as in the old text) and added (`+ `, numbered as in the new), in order; lines both share are left out. */
export function lineDiff(before: string, after: string): string[] {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === '' ? [] : after.replace(/\n$/, '').split('\n');
  if (a.length * b.length > MAX_CELLS) return [...a.map((l, n) => `- ${n + 1}: ${l}`), ...b.map((l, n) => `+ ${n + 1}: ${l}`)];
  // Longest common subsequence, from the ends: common[i][j] for a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i === a.length || (j < b.length && common[i]![j + 1]! > common[i + 1]![j]!)) out.push(`+ ${j + 1}: ${b[j++]}`);
    else out.push(`- ${i + 1}: ${a[i++]}`);
  }
  return out;
}
