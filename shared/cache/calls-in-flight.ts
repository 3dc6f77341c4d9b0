import { orAfter } from '../deadline.js';

/**
 * Misses whose answer is on its way, by namespace and exact key. An identical call that
 * arrives meanwhile (an agent re-running a step, ten tabs asking at once, a page repeating a
 * call the instant its answer ended) waits for that answer instead of paying for its own.
 */
export class CallsInFlight {
  private readonly pending = new Map<string, { done: Promise<void>; finish: () => void }>();

  /** Marks a miss as in flight; returns what ends it (called once the answer is stored, or will not be), or undefined when one already is. */
  claim(slot: string): (() => void) | undefined {
    if (this.pending.has(slot)) return undefined;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const entry = { done, finish: () => {} };
    entry.finish = () => {
      if (this.pending.get(slot) === entry) this.pending.delete(slot);
      finish();
    };
    this.pending.set(slot, entry);
    return entry.finish;
  }

  /** Waits, at most `ms`, for an identical call in flight to end; false at once when there is none. */
  async waitFor(slot: string, ms: number): Promise<boolean> {
    const pending = this.pending.get(slot);
    if (!pending) return false;
    await orAfter(pending.done, ms, () => undefined);
    return true;
  }
}
