/** One line of `leo doctor`: fine, worth knowing, or wrong with how to fix it. */
export type Check = { ok: true; text: string } | { ok: false; text: string; fix: string } | { ok: 'warn'; text: string };
