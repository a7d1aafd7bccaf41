import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Env } from "~/env";
import { registerUser, signUpInput, signUpState, type SignUpInput } from "~/server/auth/sign-up";
import { callerFor, createTestUser } from "~/test/callers";
import { createTestServices } from "~/test/services";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf, trpcErrorOf } from "~/test/errors";
import { createInvite, hashInviteToken, revokeInvite } from "./invites";
import { setSignupMode, type SignupMode } from "./signup-mode";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

// Each test starts from an instance with no accounts, no invites, no owner choice and no sign-up spent.
beforeEach(async () => {
  await t.db.rateLimit.deleteMany();
  await t.db.invite.deleteMany();
  await t.db.user.deleteMany();
  await t.db.appSettings.deleteMany();
});

const CLOSED = "Sign-up is closed. Ask the owner for an invite.";
const INVALID_INVITE = /^This invite link is not valid/;

let n = 0;
function person(overrides: Partial<SignUpInput> = {}): SignUpInput {
  n += 1;
  return { name: `Person ${n}`, email: `person-${n}@example.test`, password: "long enough password", ...overrides };
}

/** The container as the environment `env` (SIGNUP_MODE, OWNER_EMAIL) configures it, its clock at `now`. */
const deps = (env: Partial<Env> = {}, now?: Date) => createTestServices({ db: t.db, env, ...(now ? { now: () => now } : {}) });

/** registerUser with its input parsed as the procedure parses it (trimmed, lower-cased email). */
const signUp = (input: SignUpInput, environmentMode: SignupMode = "closed", now?: Date) =>
  registerUser(deps({ SIGNUP_MODE: environmentMode }, now), signUpInput.parse(input));

/** The owner's choice in Settings. */
const chooseMode = (mode: SignupMode) => setSignupMode({ db: t.db }, { mode });

async function owner() {
  return createTestUser(t.db, { name: "Olive Owner", role: "owner" });
}

describe("the first account", () => {
  it("becomes the owner even when sign-up is closed; the second is a member", async () => {
    const api = await callerFor(t.db, null);
    const first = await api.auth.signUp(person());
    expect(first.role).toBe("owner");
    await chooseMode("open");
    const second = await api.auth.signUp(person());
    expect(second.role).toBe("member");
    expect(await t.db.user.count({ where: { role: "owner" } })).toBe(1);
  });

  it("with OWNER_EMAIL, only that email can create the first account; a stranger creates nothing", async () => {
    const options = deps({ SIGNUP_MODE: "open", OWNER_EMAIL: "operator@example.test" });
    const stranger = await trpcErrorOf(registerUser(options, signUpInput.parse(person())));
    expect(stranger.code).toBe("FORBIDDEN");
    expect(stranger.message).not.toContain("operator");
    expect(await t.db.user.count()).toBe(0);

    const operator = await registerUser(options, signUpInput.parse(person({ email: " Operator@Example.TEST " })));
    expect(operator.role).toBe("owner");
    // Once the owner exists, OWNER_EMAIL no longer matters: the mode decides.
    const member = await registerUser(options, signUpInput.parse(person()));
    expect(member.role).toBe("member");
  });

  it("two racing first sign-ups: one owner, the other refused with the closed message, not a 500", async () => {
    const results = await Promise.allSettled([signUp(person()), signUp(person())]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(won[0]!.value.role).toBe("owner");
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(TRPCError);
    expect(lost[0]!.reason).toMatchObject({ code: "FORBIDDEN", message: CLOSED });
    expect(await t.db.user.findMany({ select: { role: true } })).toEqual([{ role: "owner" }]);
  });

  it("two racing first sign-ups in open mode: one owner and one member", async () => {
    const results = await Promise.all([signUp(person(), "open"), signUp(person(), "open")]);
    expect(results.map((u) => u.role).sort()).toEqual(["member", "owner"]);
  });
});

describe("sign-up modes once an owner exists", () => {
  it("closed (the default): refused with a clear FORBIDDEN, nothing written, even for a taken email", async () => {
    const o = await owner();
    const api = await callerFor(t.db, null);
    const error = await trpcErrorOf(api.auth.signUp(person()));
    expect(error).toMatchObject({ code: "FORBIDDEN", message: CLOSED });
    // A refused stranger cannot probe which emails have accounts.
    await expect(signUp(person({ email: o.email }))).rejects.toMatchObject({ code: "FORBIDDEN", message: CLOSED });
    expect(await t.db.user.count()).toBe(1);
  });

  it("open: anyone signs up as a member; the owner's choice overrides SIGNUP_MODE", async () => {
    await owner();
    expect((await signUp(person(), "open")).role).toBe("member");
    await chooseMode("closed");
    await expect(signUp(person(), "open")).rejects.toMatchObject({ code: "FORBIDDEN", message: CLOSED });
    await chooseMode("open");
    expect((await signUp(person(), "closed")).role).toBe("member");
  });

  it("invite: refused without an invite", async () => {
    await owner();
    await chooseMode("invite");
    await expect(signUp(person())).rejects.toMatchObject({ code: "FORBIDDEN", message: /needs an invite/ });
    expect(await t.db.user.count()).toBe(1);
  });
});

describe("invite links", () => {
  beforeEach(async () => {
    await chooseMode("invite");
  });

  it("store only the token's sha256", async () => {
    const o = await owner();
    const invite = await createInvite(deps(), o.id, { expiresInDays: 7 });
    const row = await t.db.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row.tokenHash).toBe(hashInviteToken(invite.token));
    expect(JSON.stringify(row)).not.toContain(invite.token);
    expect(invite.token.length).toBeGreaterThanOrEqual(43);
  });

  it("a valid invite works once, through the sign-up procedure", async () => {
    const o = await owner();
    const { token, id } = await createInvite(deps(), o.id, { expiresInDays: 7 });
    const api = await callerFor(t.db, null);
    const user = await api.auth.signUp(person({ invite: token }));
    expect(user.role).toBe("member");
    expect(await t.db.invite.findUniqueOrThrow({ where: { id } })).toMatchObject({ usedById: user.id, usedAt: expect.any(Date) });

    const again = await trpcErrorOf(api.auth.signUp(person({ invite: token })));
    expect(again.code).toBe("FORBIDDEN");
    expect(again.message).toMatch(INVALID_INVITE);
    expect(await t.db.user.count()).toBe(2);
  });

  it("expired, revoked and forged links are refused with the same message", async () => {
    const o = await owner();
    const now = new Date();
    const expired = await createInvite(deps({}, new Date(now.getTime() - 25 * 3600_000)), o.id, { expiresInDays: 1 });
    const revoked = await createInvite(deps(), o.id, { expiresInDays: 7 });
    await revokeInvite(deps(), { inviteId: revoked.id });
    const forged = randomBytes(32).toString("base64url");

    const messages: string[] = [];
    for (const token of [expired.token, revoked.token, forged]) {
      const error = await trpcErrorOf(signUp(person({ invite: token })));
      expect(error.code).toBe("FORBIDDEN");
      messages.push(error.message);
    }
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toMatch(INVALID_INVITE);
    expect(await t.db.user.count()).toBe(1);
    expect(await t.db.invite.count({ where: { usedAt: { not: null } } })).toBe(0);
  });

  it("an invite for one email refuses another as a field error and accepts its own in any case", async () => {
    const o = await owner();
    const { token, id } = await createInvite(deps(), o.id, { expiresInDays: 7, email: "invited@example.test" });
    const fields = await fieldErrorsOf(signUp(person({ email: "someone-else@example.test", invite: token })));
    expect(fields.email?.[0]).toBe("This invite is for a different email address.");
    expect((await t.db.invite.findUniqueOrThrow({ where: { id } })).usedAt).toBeNull();

    const user = await signUp(person({ email: "Invited@Example.test", invite: token }));
    expect(user.email).toBe("invited@example.test");
  });

  it("two parallel sign-ups with one link create exactly one account", async () => {
    const o = await owner();
    const { token, id } = await createInvite(deps(), o.id, { expiresInDays: 7 });
    const results = await Promise.allSettled([signUp(person({ invite: token })), signUp(person({ invite: token }))]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ code: "FORBIDDEN", message: INVALID_INVITE });
    expect(await t.db.user.count({ where: { role: "member" } })).toBe(1);
    expect((await t.db.invite.findUniqueOrThrow({ where: { id } })).usedById).toBe(won[0]!.value.id);
  });

  it("a link is honoured (and used up) in open mode, and refused once sign-up is closed", async () => {
    const o = await owner();
    await chooseMode("open");
    const pinned = await createInvite(deps(), o.id, { expiresInDays: 7, email: "pinned@example.test" });
    await expect(signUp(person({ invite: pinned.token }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await signUp(person({ email: "pinned@example.test", invite: pinned.token }));
    expect((await t.db.invite.findUniqueOrThrow({ where: { id: pinned.id } })).usedAt).not.toBeNull();

    const later = await createInvite(deps(), o.id, { expiresInDays: 7 });
    await chooseMode("closed");
    await expect(signUp(person({ invite: later.token }))).rejects.toMatchObject({ code: "FORBIDDEN", message: CLOSED });
  });

  it("a taken email under a valid invite is a field error and leaves the invite unused", async () => {
    const o = await owner();
    const { token, id } = await createInvite(deps(), o.id, { expiresInDays: 7 });
    const fields = await fieldErrorsOf(signUp(person({ email: o.email, invite: token })));
    expect(fields.email?.[0]).toMatch(/already exists/);
    expect((await t.db.invite.findUniqueOrThrow({ where: { id } })).usedAt).toBeNull();
  });
});

describe("the sign-up procedures", () => {
  it("follow SIGNUP_MODE and OWNER_EMAIL as the container is configured, not the process's environment", async () => {
    const operator = { env: { OWNER_EMAIL: "operator@example.test" } };
    const stranger = await trpcErrorOf((await callerFor(t.db, null, operator)).auth.signUp(person()));
    expect(stranger.code).toBe("FORBIDDEN");
    expect((await (await callerFor(t.db, null, operator)).auth.signUp(person({ email: "operator@example.test" }))).role).toBe("owner");

    const open = await callerFor(t.db, null, { env: { SIGNUP_MODE: "open" } });
    expect(await open.auth.signUpState({})).toEqual({ state: "open" });
    expect((await open.auth.signUp(person())).role).toBe("member");
    const closed = await callerFor(t.db, null, { env: { SIGNUP_MODE: "closed" } });
    expect(await closed.auth.signUpState({})).toEqual({ state: "closed" });
    await expect(closed.auth.signUp(person())).rejects.toMatchObject({ code: "FORBIDDEN", message: CLOSED });
  });
});

describe("what the sign-up page shows", () => {
  it("follows the instance's state and the link", async () => {
    expect(await signUpState(deps({ SIGNUP_MODE: "closed" }), {})).toEqual({ state: "first" });
    const o = await owner();
    expect(await signUpState(deps({ SIGNUP_MODE: "closed" }), {})).toEqual({ state: "closed" });
    expect(await signUpState(deps({ SIGNUP_MODE: "open" }), {})).toEqual({ state: "open" });
    await chooseMode("invite");
    expect(await signUpState(deps({ SIGNUP_MODE: "open" }), {})).toEqual({ state: "invite-required" });
    const pinned = await createInvite(deps(), o.id, { expiresInDays: 7, email: "who@example.test" });
    const api = await callerFor(t.db, null);
    expect(await api.auth.signUpState({ invite: pinned.token })).toEqual({ state: "invite", email: "who@example.test" });
    expect(await api.auth.signUpState({ invite: "forged" })).toEqual({ state: "invalid-invite" });
    await revokeInvite(deps(), { inviteId: pinned.id });
    expect(await api.auth.signUpState({ invite: pinned.token })).toEqual({ state: "invalid-invite" });
  });
});
