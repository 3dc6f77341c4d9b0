/** What the companion and the extension agree on, outside the provider protocols. */

/** Set on every companion response, so a caller can tell the companion from whatever else holds the port. */
export const COMPANION_HEADER = 'x-leo-companion';
