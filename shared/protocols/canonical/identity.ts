/**
 * Which parts of a request make up its identity, per protocol. Everything the caller sent
 * counts (fields nobody here knows yet included, so a field a provider adds next month makes
 * a request miss rather than hit another's answer) except the fields listed as `ignored`, each
 * with why it cannot change the answer.
 */
export interface IdentityRules {
  /** The fields that hold the turns. */
  conversation: readonly string[];
  /** Fields that never change what the model answers, each with why. */
  ignored: Readonly<Record<string, string>>;
  /** Fields that point at context the provider holds (a stored response, conversation, cached document, prompt template, container). */
  providerState: readonly string[];
}

/** A request as the cache keys it. */
export interface RequestIdentity {
  /** The turns, verbatim. */
  conversation: unknown;
  /** Every other field as sent, but the model and the ignored ones. */
  around: Record<string, unknown>;
  /** The first field that points at provider-held context; such a request is never answered from a cache. */
  providerState?: string;
}

export function requestIdentity(body: Record<string, unknown>, rules: IdentityRules): RequestIdentity {
  // No prototype: a field named `__proto__` (JSON allows it) is kept as a field, not taken as a prototype.
  const conversation: Record<string, unknown> = Object.create(null);
  const around: Record<string, unknown> = Object.create(null);
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || name === 'model' || Object.hasOwn(rules.ignored, name)) continue;
    if (rules.conversation.includes(name)) conversation[name] = value;
    else around[name] = value;
  }
  const providerState = rules.providerState.find((name) => body[name] !== undefined && body[name] !== null);
  return { conversation, around, ...(providerState ? { providerState } : {}) };
}
