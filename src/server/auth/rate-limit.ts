import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * Attempt budgets kept in the web process's memory. Switchboard runs one web process per
 * deployment, so a shared store would add a moving part without adding protection.
 */
export class AttemptLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(points: number, durationSeconds: number) {
    this.limiter = new RateLimiterMemory({ points, duration: durationSeconds });
  }

  /** Seconds until the next attempt is allowed, or 0 when one is allowed now. */
  async retryAfter(key: string): Promise<number> {
    const state = await this.limiter.get(key);
    if (!state || state.remainingPoints > 0) return 0;
    return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  }

  /** Spends one attempt; returns the seconds to wait if that was the last one. */
  async consume(key: string): Promise<number> {
    try {
      await this.limiter.consume(key);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}
