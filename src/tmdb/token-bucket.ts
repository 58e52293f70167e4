import { abortableSleep } from './abortable-sleep.js';

/**
 * Client-side rate limit shared by every call of one client. Each `take` reserves a token
 * (the balance may go negative), so concurrent callers queue fairly without polling.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number = perSecond,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0) || !(capacity >= 1)) throw new RangeError(`token bucket needs a rate > 0 and a capacity >= 1 (got ${perSecond}/s, ${capacity})`);
    this.tokens = capacity;
    this.updatedAt = this.now();
  }

  /** Reserves one token; returns how long the caller must wait before using it (0 when one is free). */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.perSecond) / 1000);
    this.updatedAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.perSecond;
  }

  async take(signal?: AbortSignal): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await abortableSleep(wait, signal);
  }
}
