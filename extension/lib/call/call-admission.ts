/**
 * A fair share of the extension for each site. Every call's body crosses Chrome's extension
 * messaging before the background can look at it, and that pipe is one queue for all tabs:
 * one page sending megabytes (or hundreds of calls) at once would make every other site's
 * cache hit wait behind it. So a page asks before it sends a body; each origin may have a
 * bounded amount in flight (another origin's budget is its own, so it never waits for the
 * first), and a call that waits too long goes to the provider as the page sent it (nothing
 * is lost, only not cached).
 */

export interface AdmissionLimits {
  /** Body characters one origin may have in flight (sent, not yet parsed and hashed); one call of any allowed size is admitted when the origin has nothing in flight. */
  charsPerOrigin: number;
  callsPerOrigin: number;
  /** How long a call waits for its turn before the page makes its own request (unless it asked to wait as long as it takes). */
  maxWaitMs: number;
}

export const DEFAULT_ADMISSION: AdmissionLimits = { charsPerOrigin: 1024 * 1024, callsPerOrigin: 2, maxWaitMs: 2000 };

interface Waiting {
  chars: number;
  admit(admitted: boolean): void;
}

interface OriginState {
  chars: number;
  calls: number;
  queue: Waiting[];
}

export class CallAdmission {
  private readonly origins = new Map<string, OriginState>();

  constructor(private readonly limits: AdmissionLimits = DEFAULT_ADMISSION) {}

  /**
   * Resolves with a release function once admitted, or undefined when the call should go
   * direct. A `patient` call (a site that relies on the companion's keys, whose own request
   * might carry none) waits for its turn however long it takes.
   */
  async admit(origin: string, chars: number, signal?: AbortSignal, patient = false): Promise<(() => void) | undefined> {
    const state = this.stateOf(origin);
    if (this.admitsAtOnce(origin, chars)) {
      this.occupy(state, chars);
      return this.releaser(origin, state, chars);
    }
    const admitted = await new Promise<boolean>((resolve) => {
      const waiting: Waiting = { chars, admit: resolve };
      const giveUp = () => {
        state.queue = state.queue.filter((w) => w !== waiting);
        resolve(false);
      };
      const timer = patient ? undefined : setTimeout(giveUp, this.limits.maxWaitMs);
      signal?.addEventListener('abort', giveUp, { once: true });
      waiting.admit = (ok) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', giveUp);
        resolve(ok);
      };
      state.queue.push(waiting);
    });
    return admitted ? this.releaser(origin, state, chars) : undefined;
  }

  /** Whether a call of this size from this origin would be admitted without waiting. */
  admitsAtOnce(origin: string, chars: number): boolean {
    const state = this.origins.get(origin);
    return !state || (state.queue.length === 0 && this.fits(state, chars));
  }

  /** Calls and characters in flight for an origin. */
  inFlight(origin: string): { calls: number; chars: number } {
    const state = this.origins.get(origin);
    return { calls: state?.calls ?? 0, chars: state?.chars ?? 0 };
  }

  private fits(state: OriginState, chars: number): boolean {
    if (state.calls === 0) return true;
    return state.calls < this.limits.callsPerOrigin && state.chars + chars <= this.limits.charsPerOrigin;
  }

  private occupy(state: OriginState, chars: number): void {
    state.chars += chars;
    state.calls += 1;
  }

  private releaser(origin: string, state: OriginState, chars: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.chars -= chars;
      state.calls -= 1;
      this.serveWaiting(state);
      if (state.calls === 0 && state.queue.length === 0) this.origins.delete(origin);
    };
  }

  /** Admits this origin's waiting calls, in order, as far as its budget allows. */
  private serveWaiting(state: OriginState): void {
    while (state.queue.length > 0 && this.fits(state, state.queue[0]!.chars)) {
      const next = state.queue.shift()!;
      this.occupy(state, next.chars);
      next.admit(true);
    }
  }

  private stateOf(origin: string): OriginState {
    let state = this.origins.get(origin);
    if (!state) {
      state = { chars: 0, calls: 0, queue: [] };
      this.origins.set(origin, state);
    }
    return state;
  }
}
