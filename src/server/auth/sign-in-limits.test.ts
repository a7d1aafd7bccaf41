import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/server/db";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { configFromEnv } from "~/server/services";
import { testEnv } from "~/test/services";
import { clientIp, markPeerHeaderStamped, PEER_HEADER } from "./client-ip";
import { verifyCredentials, type VerifyDeps } from "./credentials";
import { hashPassword, verifyPassword } from "./passwords";
import { ACCOUNT_BLOCK_SECONDS, createLoginLimiters, type LoginBudgets } from "./rate-limit";

let t: TestDatabase;
const extraClients: Db[] = [];
const email = "dee@example.com";
const password = "the right password";

beforeAll(async () => {
  t = await startTestDatabase();
  await t.db.user.create({ data: { email, name: "Dee", passwordHash: await hashPassword(password) } });
  markPeerHeaderStamped();
});
afterEach(async () => {
  await Promise.all(extraClients.splice(0).map((db) => db.$disconnect()));
});
afterAll(async () => {
  await t?.stop();
});

/** The real argon2 check, counted. */
function countingVerifier(): Required<VerifyDeps> & { calls: () => number } {
  let calls = 0;
  return {
    verify: (hash, candidate) => {
      calls++;
      return verifyPassword(hash, candidate);
    },
    calls: () => calls,
  };
}

/** LOGIN_MAX_ATTEMPTS and LOGIN_WINDOW_SECONDS as the test container is configured (the defaults). */
const { signIn } = configFromEnv(testEnv);

/** Budgets in a scope of their own, so tests do not spend each other's. */
const limitersOn = (db: Db, budgets: LoginBudgets & { scope: string }) => createLoginLimiters(db, signIn, budgets);

async function attempt(db: Db, budgets: LoginBudgets & { scope: string }, ip: string, candidate: string, deps?: VerifyDeps) {
  try {
    const user = await verifyCredentials(db, limitersOn(db, budgets), { email, password: candidate }, ip, deps);
    return user ? "signed-in" : "refused";
  } catch (error) {
    const match = /^RATE_LIMITED:(\d+)$/.exec((error as Error).message);
    if (!match) throw error;
    return { rateLimited: Number(match[1]) };
  }
}

describe("sign-in budgets under concurrency", () => {
  it("runs at most LOGIN_MAX_ATTEMPTS password checks for 40 parallel wrong passwords from one client", async () => {
    const counter = countingVerifier();
    const scope = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(t.db, { scope }, "198.51.100.10", `wrong ${i}`, counter)),
    );
    expect(counter.calls()).toBe(signIn.maxAttempts);
    expect(results.filter((r) => r === "refused")).toHaveLength(signIn.maxAttempts);
    expect(results.filter((r) => typeof r === "object")).toHaveLength(40 - signIn.maxAttempts);
    // Even the right password now waits for the window.
    expect(await attempt(t.db, { scope }, "198.51.100.10", password)).toMatchObject({ rateLimited: expect.any(Number) });
  });

  it("shares one budget between two web processes (two connection pools on one database)", async () => {
    const first = createDb(t.url, { max: 2 });
    const second = createDb(t.url, { max: 2 });
    extraClients.push(first, second);
    const counter = countingVerifier();
    const scope = randomUUID();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt(i % 2 ? first : second, { scope }, "198.51.100.11", `wrong ${i}`, counter)),
    );
    expect(counter.calls()).toBe(signIn.maxAttempts);
  });

  it("does not reset for a client that rotates X-Forwarded-For when no proxy is trusted", async () => {
    const counter = countingVerifier();
    const scope = randomUUID();
    for (let i = 0; i < 12; i++) {
      // Exactly what the Credentials provider's authorize does with the request's headers.
      const headers = { [PEER_HEADER]: "198.51.100.12", "x-forwarded-for": `203.0.113.${i}` };
      await attempt(t.db, { scope }, clientIp(headers, 0), `wrong ${i}`, counter);
    }
    expect(counter.calls()).toBe(signIn.maxAttempts);
  });

  it("counts a rotating IPv6 client by its /64", async () => {
    const counter = countingVerifier();
    const scope = randomUUID();
    for (let i = 1; i <= 8; i++) await attempt(t.db, { scope }, `2001:db8:5:6::${i.toString(16)}`, `wrong ${i}`, counter);
    expect(counter.calls()).toBe(signIn.maxAttempts);
  });

  it("limits one address across many emails", async () => {
    const scope = randomUUID();
    const limiters = createLoginLimiters(t.db, signIn, { scope, perIp: 6 });
    let checked = 0;
    const verify = async () => {
      checked++;
      return false;
    };
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      outcomes.push(
        await verifyCredentials(t.db, limiters, { email: `someone-${i}@example.com`, password: "guess" }, "198.51.100.13", { verify }).then(
          () => "refused",
          (error: Error) => error.message,
        ),
      );
    }
    expect(checked).toBe(6);
    expect(outcomes.slice(6).every((outcome) => /^RATE_LIMITED:\d+$/.test(outcome))).toBe(true);
  });

  it("gives the client its budget back after a success", async () => {
    const counter = countingVerifier();
    const scope = randomUUID();
    for (let i = 0; i < signIn.maxAttempts - 1; i++) await attempt(t.db, { scope }, "198.51.100.14", "wrong", counter);
    expect(await attempt(t.db, { scope }, "198.51.100.14", password, counter)).toBe("signed-in");
    for (let i = 0; i < signIn.maxAttempts; i++) expect(await attempt(t.db, { scope }, "198.51.100.14", "wrong", counter)).toBe("refused");
    expect(counter.calls()).toBe(2 * signIn.maxAttempts);
  });
});

describe("the per-email lock a stranger can cause", () => {
  const cheapWrong: VerifyDeps = { verify: async () => false };

  it("with the default budgets, lasts at most ACCOUNT_BLOCK_SECONDS", async () => {
    const scope = randomUUID();
    // Enough addresses that no per-client budget is what stops them.
    let result: Awaited<ReturnType<typeof attempt>> = "refused";
    for (let i = 0; typeof result !== "object"; i++) {
      result = await attempt(t.db, { scope }, `192.0.2.${Math.floor(i / signIn.maxAttempts)}`, "guess", cheapWrong);
      expect(i).toBeLessThan(100);
    }
    // The owner, from an address of their own, with the right password:
    const owner = await attempt(t.db, { scope }, "198.51.100.200", password);
    expect(owner).toMatchObject({ rateLimited: expect.any(Number) });
    expect((owner as { rateLimited: number }).rateLimited).toBeLessThanOrEqual(ACCOUNT_BLOCK_SECONDS);
  });

  it("ends when the block ends, and the owner signs in", async () => {
    const scope = randomUUID();
    const budgets = { scope, perAccount: 3, accountBlockSeconds: 2, windowSeconds: 600 };
    for (let i = 0; i < 4; i++) await attempt(t.db, budgets, `192.0.2.${100 + i}`, "guess", cheapWrong);
    const locked = await attempt(t.db, budgets, "198.51.100.201", password);
    expect(locked).toMatchObject({ rateLimited: expect.any(Number) });
    expect((locked as { rateLimited: number }).rateLimited).toBeLessThanOrEqual(2);
    // More guesses during the block do not make it longer.
    await attempt(t.db, budgets, "192.0.2.120", "guess", cheapWrong);
    await new Promise((done) => setTimeout(done, 2_200));
    expect(await attempt(t.db, budgets, "198.51.100.201", password)).toBe("signed-in");
  });
});
