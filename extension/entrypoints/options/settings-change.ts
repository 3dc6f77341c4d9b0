import type { LeoSettings } from '../../lib/settings/settings';

/** Saves a change to the settings; resolves with what is wrong with it, or '' once saved. */
export type ChangeSettings = (patch: Partial<LeoSettings>) => Promise<string>;
