/** Edits a JSON settings file that holds one object, keeping every other member; refuses a file that is not JSON rather than lose it. */
export function editJsonObject(before: string | null, what: string, change: (object: Record<string, unknown>) => void): string {
  let object: Record<string, unknown> = {};
  if (before !== null && before.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(before);
    } catch (err) {
      throw new Error(`The ${what} file is not plain JSON (${(err as Error).message}); change it by hand as shown, or fix it and run again.`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`The ${what} file does not hold a JSON object.`);
    object = parsed as Record<string, unknown>;
  }
  change(object);
  return `${JSON.stringify(object, null, 2)}\n`;
}
