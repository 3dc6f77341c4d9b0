/** How readily the router sends a prompt to the lighter model. */
export const ROUTING_MODES = ['off', 'conservative', 'balanced', 'aggressive'] as const;

export type RoutingMode = (typeof ROUTING_MODES)[number];

export const DEFAULT_ROUTING_MODE: RoutingMode = 'balanced';

/** The share of the heavy model's accuracy each mode aims to keep on the data it was calibrated on. */
export const MODE_QUALITY: Record<Exclude<RoutingMode, 'off'>, number> = {
  conservative: 0.98,
  balanced: 0.95,
  aggressive: 0.9,
};
