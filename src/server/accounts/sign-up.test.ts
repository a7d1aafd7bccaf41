import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerUser, signUpInput, signUpState, type SignUpInput } from "~/server/auth/sign-up";
import { callerFor, createTestUser } from "~/test/callers";
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

// Each test starts from an instance with no accounts, no invites and no owner choice.
beforeEach(async () => {
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

/** registerUser with its input parsed as the procedure parses it (trimmed, lower-cased email). */
const signUp = (input: SignUpInput, environmentMode: SignupMode = "closed", now?: Date) =>
  registerUser(t.db, signUpInput.parse(input), { environmentMode, now });

async function owner() {
  return createTestUser(t.db, { name: "Olive Owner", role: "owner" });
}

describe("the first account", () => {
  it("becomes the owner even when sign-up is closed; the second is a member", async () => {
    const api = await callerFor(t.db, null);
    const first = await api.auth.signUp(person());
    expect(first.role).toBe("owner");
    await setSignupMode(t.db, "open");
    const second = await api.auth.signUp(person());
    expect(second.role).toBe("member");
    expect(await t.db.user.count({ where: { role: "owner" } })).toBe(1);
  });

  it("with OWNER_EMAIL, only that email can create the first account; a stranger creates nothing", async () => {
    const options = { environmentMode: "open" as const, ownerEmail: "operator@example.test" };
    const stranger = await trpcErrorOf(registerUser(t.db, signUpInput.parse(person()), options));
    expect(stranger.code).toBe("FORBIDDEN");
    expect(stranger.message).not.toContain("operator");
    expect(await t.db.user.count()).toBe(0);

    const operator = await registerUser(t.db, signUpInput.parse(person({ email: " Operator@Example.TEST " })), options);
    expect(operator.role).toBe("owner");
    // Once the owner exists, OWNER_EMAIL no longer matters: the mode decides.
    const member = await registerUser(t.db, signUpInput.parse(person()), options);
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
    await setSignupMode(t.db, "closed");
    await expect(signUp(person(), "open")).rejects.toMatchObject({ code: "FORBIDDEN", message: CLOSED });
    await setSignupMode(t.db, "open");
    expect((await signUp(person(), "closed")).role).toBe("member");
  });

  it("invite: refused without an invite", async () => {
    await owner();
    await setSignupMode(t.db, "invite");
    await expect(signUp(person())).rejects.toMatchObject({ code: "FORBIDDEN", message: /needs an invite/ });
    expect(await t.db.user.count()).toBe(1);
  });
});

describe("invite links", () => {
  beforeEach(async () => {
    await setSignupMode(t.db, "invite");
  });

  it("store only the token's sha256", async () => {
    const o = await owner();
    const invite = await createInvite(t.db, o.id, { expiresInDays: 7 });
    const row = await t.db.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row.tokenHash).toBe(hashInviteToken(invite.token));
    expect(JSON.stringify(row)).not.toContain(invite.token);
    expect(invite.token.length).toBeGreaterThanOrEqual(43);
  });

  it("a valid invite works once, through the sign-up procedure", async () => {
    const o = await owner();
    const { token, id } = await createInvite(t.db, o.id, { expiresInDays: 7 });
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
    const expired = await createInvite(t.db, o.id, { expiresInDays: 1 }, new Date(now.getTime() - 25 * 3600_000));
    const revoked = await createInvite(t.db, o.id, { expiresInDays: 7 });
    await revokeInvite(t.db, revoked.id);
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
    const { token, id } = await createInvite(t.db, o.id, { expiresInDays: 7, email: "invited@example.test" });
    const fields = await fieldErrorsOf(signUp(person({ email: "someone-else@example.test", invite: token })));
    expect(fields.email?.[0]).toBe("This invite is for a different email address.");
    expect((await t.db.invite.findUniqueOrThrow({ where: { id } })).usedAt).toBeNull();

    const user = await signUp(person({ email: "Invited@Example.test", invite: token }));
    expect(user.email).toBe("invited@example.test");
  });

  it("two parallel sign-ups with one link create exactly one account", async () => {
    const o = await owner();
    const { token, id } = await createInvite(t.db, o.id, { expiresInDays: 7 });
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
    await setSignupMode(t.db, "open");
    const pinned = await createInvite(t.db, o.id, { expiresInDays: 7, email: "pinned@example.test" });
    await expect(signUp(person({ invite: pinned.token }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await signUp(person({ email: "pinned@example.test", invite: pinned.token }));
    expect((await t.db.invite.findUniqueOrThrow({ where: { id: pinned.id } })).usedAt).not.toBeNull();

    const later = await createInvite(t.db, o.id, { expiresInDays: 7 });
    await setSignupMode(t.db, "closed");
    await expect(signUp(person({ invite: later.token }))).rejects.toMatchObject({ code: "FORBIDDEN", message: CLOSED });
  });

  it("a taken email under a valid invite is a field error and leaves the invite unused", async () => {
    const o = await owner();
    const { token, id } = await createInvite(t.db, o.id, { expiresInDays: 7 });
    const fields = await fieldErrorsOf(signUp(person({ email: o.email, invite: token })));
    expect(fields.email?.[0]).toMatch(/already exists/);
    expect((await t.db.invite.findUniqueOrThrow({ where: { id } })).usedAt).toBeNull();
  });
});

describe("what the sign-up page shows", () => {
  it("follows the instance's state and the link", async () => {
    expect(await signUpState(t.db, "closed", undefined)).toEqual({ state: "first" });
    const o = await owner();
    expect(await signUpState(t.db, "closed", undefined)).toEqual({ state: "closed" });
    expect(await signUpState(t.db, "open", undefined)).toEqual({ state: "open" });
    await setSignupMode(t.db, "invite");
    expect(await signUpState(t.db, "open", undefined)).toEqual({ state: "invite-required" });
    const pinned = await createInvite(t.db, o.id, { expiresInDays: 7, email: "who@example.test" });
    const api = await callerFor(t.db, null);
    expect(await api.auth.signUpState({ invite: pinned.token })).toEqual({ state: "invite", email: "who@example.test" });
    expect(await api.auth.signUpState({ invite: "forged" })).toEqual({ state: "invalid-invite" });
    await revokeInvite(t.db, pinned.id);
    expect(await api.auth.signUpState({ invite: pinned.token })).toEqual({ state: "invalid-invite" });
  });
});
