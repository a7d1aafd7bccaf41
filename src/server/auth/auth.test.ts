import { randomUUID } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { setSignupMode } from "~/server/accounts/signup-mode";
import { appRouter } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf } from "~/test/errors";
import { verifyCredentials, type LoginLimiters } from "./credentials";
import { hashPassword } from "./passwords";
import { createLoginLimiters } from "./rate-limit";
import { createTestServices } from "~/test/services";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
  // Past the first account (the owner) sign-up follows the owner's mode; these tests are about
  // the form's answers, so the instance is open (src/server/accounts/sign-up.test.ts covers the modes).
  await setSignupMode({ db: t.db }, { mode: "open" });
});
afterAll(async () => {
  await t?.stop();
});


describe("sign-up", () => {
  it("creates an account with a lower-cased email and an argon2id hash, never the password", async () => {
    const api = await callerFor(t.db, null);
    const user = await api.auth.signUp({ name: "Ada", email: "  Ada@Example.COM ", password: "correct horse" });
    expect(user.email).toBe("ada@example.com");
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("correct horse");
  });

  it("answers bad email, short password and empty name with field errors and writes nothing", async () => {
    const api = await callerFor(t.db, null);
    const before = await t.db.user.count();
    const fields = await fieldErrorsOf(api.auth.signUp({ name: " ", email: "not-an-email", password: "short" }));
    expect(Object.keys(fields).sort()).toEqual(["email", "name", "password"]);
    expect(fields.password?.[0]).toMatch(/at least 8/);
    expect(await t.db.user.count()).toBe(before);
  });

  it("reports a duplicate email as a field error on email", async () => {
    const api = await callerFor(t.db, null);
    await api.auth.signUp({ name: "Bo", email: "bo@example.com", password: "long enough" });
    const fields = await fieldErrorsOf(api.auth.signUp({ name: "Bo 2", email: "BO@example.com", password: "long enough" }));
    expect(fields.email?.[0]).toMatch(/already exists/);
    expect(await t.db.user.count({ where: { email: "bo@example.com" } })).toBe(1);
  });
});

describe("error shape over HTTP", () => {
  it("returns zod field errors (including a duplicate email) and no stack trace", async () => {
    const post = async (input: unknown) => {
      const response = await fetchRequestHandler({
        endpoint: "/api/trpc",
        router: appRouter,
        req: new Request("http://localhost/api/trpc/auth.signUp", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ json: input }),
        }),
        createContext: () =>
          createTRPCContext({ services: createTestServices({ db: t.db, jobs: () => Promise.reject(new Error("none")) }), session: null, headers: new Headers() }),
      });
      return { status: response.status, body: (await response.json()) as { error: { json: { message: string; data: Record<string, unknown> } } } };
    };
    const invalid = await post({ name: "Ed", email: "nope", password: "x" });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.json.data.zodError).toMatchObject({
      fieldErrors: { email: ["Enter a valid email address."], password: ["Use at least 8 characters."] },
    });
    expect(JSON.stringify(invalid.body)).not.toContain("stack");

    await post({ name: "Ed", email: "ed@example.com", password: "long enough" });
    const duplicate = await post({ name: "Ed", email: "ed@example.com", password: "long enough" });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.json.data.zodError).toMatchObject({
      fieldErrors: { email: ["An account with this email already exists."] },
    });
  });
});

describe("sign-in", () => {
  // A fresh scope per call: the budgets live in the database, shared by every test in this file.
  const limiters = (): LoginLimiters =>
    createLoginLimiters(t.db, createTestServices({ db: t.db }).config.signIn, { perClient: 3, perAccount: 12, windowSeconds: 60, scope: randomUUID() });

  beforeAll(async () => {
    await t.db.user.create({
      data: { email: "cy@example.com", name: "Cy", passwordHash: await hashPassword("right password") },
    });
  });

  it("accepts the right password, case-insensitively on the email", async () => {
    const user = await verifyCredentials(t.db, limiters(), { email: "CY@example.com", password: "right password" }, "10.0.0.1");
    expect(user).toMatchObject({ email: "cy@example.com", name: "Cy" });
  });

  it("fails the same way for a wrong password and an unknown email", async () => {
    const l = limiters();
    const wrongPassword = await verifyCredentials(t.db, l, { email: "cy@example.com", password: "nope nope" }, "10.0.0.2");
    const unknownEmail = await verifyCredentials(t.db, l, { email: "nobody@example.com", password: "nope nope" }, "10.0.0.2");
    expect(wrongPassword).toBeNull();
    expect(unknownEmail).toBeNull();
  });

  it("rate-limits per email and IP, even for the right password, and leaves other IPs alone", async () => {
    const l = limiters();
    for (let i = 0; i < 3; i++) {
      expect(await verifyCredentials(t.db, l, { email: "cy@example.com", password: "wrong" }, "10.0.0.3")).toBeNull();
    }
    await expect(
      verifyCredentials(t.db, l, { email: "cy@example.com", password: "right password" }, "10.0.0.3"),
    ).rejects.toThrow(/^RATE_LIMITED:\d+$/);
    expect(await verifyCredentials(t.db, l, { email: "cy@example.com", password: "right password" }, "10.0.0.4")).not.toBeNull();
  });

  it("rate-limits per email across rotating client IPs", async () => {
    const l = limiters();
    for (let i = 0; i < 12; i++) {
      await verifyCredentials(t.db, l, { email: "cy@example.com", password: "wrong" }, `10.1.0.${i}`);
    }
    await expect(
      verifyCredentials(t.db, l, { email: "cy@example.com", password: "right password" }, "10.1.0.200"),
    ).rejects.toThrow(/^RATE_LIMITED:/);
  });
});

describe("protected procedures", () => {
  it("answer UNAUTHORIZED without a session", async () => {
    const api = await callerFor(t.db, null);
    await expect(api.dashboard.summary()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(api.settings.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(api.jobs.overview()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("show each user only their own data on the dashboard", async () => {
    const alice = await createTestUser(t.db, { name: "Alice" });
    const bob = await createTestUser(t.db, { name: "Bob" });
    const contact = await t.db.contact.create({ data: { userId: alice.id, firstName: "Carol" } });
    await t.db.task.create({ data: { userId: alice.id, title: "Call Carol back", contactId: contact.id } });
    await t.db.call.create({
      data: {
        userId: alice.id,
        direction: "inbound",
        status: "completed",
        fromNumber: "+14155550134",
        toNumber: "+14155550100",
        counterpartNumber: "+14155550134",
        contactId: contact.id,
        startedAt: new Date(),
      },
    });

    const asAlice = await (await callerFor(t.db, alice)).dashboard.summary();
    expect(asAlice.counts).toMatchObject({ contacts: 1, openTasks: 1, callsThisWeek: 1 });
    expect(asAlice.recentCalls[0]?.contactName).toBe("Carol");

    const asBob = await (await callerFor(t.db, bob)).dashboard.summary();
    expect(asBob.counts).toMatchObject({ contacts: 0, openTasks: 0, callsThisWeek: 0, upcomingEvents: 0 });
    expect(asBob.recentCalls).toEqual([]);
    expect(asBob.upcomingTasks).toEqual([]);
  });
});
