/** How sure the guard must be before a reworded prompt gets a cached answer. */
export const STRICTNESS_LEVELS = ['strict', 'balanced', 'lenient'] as const;

export type Strictness = (typeof STRICTNESS_LEVELS)[number];

export const DEFAULT_STRICTNESS: Strictness = 'balanced';
