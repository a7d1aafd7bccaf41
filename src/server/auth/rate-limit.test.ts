import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { waitFor } from "~/test/wait";
import { AttemptLimiter } from "./rate-limit";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t?.stop();
});

describe("AttemptLimiter", () => {
  it("spends, refuses with the seconds left, refunds and resets", async () => {
    const limiter = new AttemptLimiter(t.db, { name: "spend", points: 2, durationSeconds: 60 });
    expect(await limiter.consume("k")).toBe(0);
    expect(await limiter.consume("k")).toBe(0);
    const wait = await limiter.consume("k");
    expect(wait).toBeGreaterThan(55);
    expect(wait).toBeLessThanOrEqual(60);
    await limiter.refund("k");
    await limiter.refund("k");
    expect(await limiter.consume("k")).toBe(0);
    await limiter.reset("k");
    expect(await limiter.consume("k")).toBe(0);
    expect(await limiter.consume("k")).toBe(0);
  });

  it("stores hashed keys, never the email or address itself", async () => {
    const limiter = new AttemptLimiter(t.db, { name: "hashed", points: 5, durationSeconds: 60 });
    await limiter.consume("someone@example.com|198.51.100.1");
    const rows = await t.db.rateLimit.findMany({ where: { key: { startsWith: "hashed:" } } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key).not.toContain("example.com");
    expect(rows[0]!.key.length).toBeLessThan(100);
  });

  it("deletes rows whose window ended over an hour ago, a few minutes at most after they expire", async () => {
    const limiter = new AttemptLimiter(t.db, { name: "sweep", points: 5, durationSeconds: 60 });
    await limiter.consume("fresh");
    await t.db.rateLimit.create({ data: { key: "sweep:stale", points: 3, expire: BigInt(Date.now() - 2 * 60 * 60 * 1000) } });
    const realNow = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(realNow + 6 * 60 * 1000);
    await limiter.consume("another");
    vi.restoreAllMocks();
    await waitFor(async () => (await t.db.rateLimit.count({ where: { key: "sweep:stale" } })) === 0, { what: "the stale row to be swept" });
    expect(await t.db.rateLimit.count({ where: { key: { startsWith: "sweep:" } } })).toBe(2);
  });
});
