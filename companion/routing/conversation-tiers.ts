/** The model each recent conversation was served by, so its later turns keep the provider's prefix cache. */
export class ConversationTiers {
  private readonly served = new Map<string, string>();

  constructor(private readonly capacity = 10_000) {}

  get(conversation: string): string | undefined {
    const model = this.served.get(conversation);
    if (model !== undefined) {
      // Re-inserted so the least recently used conversation is the first to go.
      this.served.delete(conversation);
      this.served.set(conversation, model);
    }
    return model;
  }

  set(conversation: string, model: string): void {
    this.served.delete(conversation);
    this.served.set(conversation, model);
    if (this.served.size > this.capacity) this.served.delete(this.served.keys().next().value!);
  }
}
