/**
 * Calls per minute per member token, as a token bucket: a member may burst up to a minute's
 * allowance, then calls refill evenly. In memory: each companion of a team limits its own calls.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perMinute: number) {}

  /** Takes one call from the bucket; undefined when allowed, else the seconds until the next call is. */
  take(key: string, now = Date.now()): number | undefined {
    const refillPerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * refillPerMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.ceil((1 - bucket.tokens) / refillPerMs / 1000);
  }
}
