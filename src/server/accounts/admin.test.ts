import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "~/server/auth/passwords";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf, trpcErrorOf } from "~/test/errors";
import { hashInviteToken } from "./invites";

let t: TestDatabase;
type User = Awaited<ReturnType<typeof createTestUser>>;
let owner: User;
let member: User;
let other: User;

beforeAll(async () => {
  t = await startTestDatabase();
  owner = await createTestUser(t.db, { name: "Olive Owner", role: "owner" });
  member = await createTestUser(t.db, { name: "Mel Member" });
  other = await createTestUser(t.db, { name: "Otto Other" });
});
afterAll(async () => {
  await t?.stop();
});

const asOwner = () => callerFor(t.db, owner);
const asMember = () => callerFor(t.db, member);

describe("owner-only procedures", () => {
  it("answer FORBIDDEN to a member and change nothing", async () => {
    const api = await asMember();
    const before = await t.db.user.findUniqueOrThrow({ where: { id: other.id } });
    const calls: [string, Promise<unknown>][] = [
      ["users", api.admin.users()],
      ["invites", api.admin.invites()],
      ["signupMode", api.admin.signupMode()],
      ["setDisabled", api.admin.setDisabled({ userId: other.id, disabled: true })],
      ["resetPassword", api.admin.resetPassword({ userId: other.id, mode: "set", password: "taken over!" })],
      ["resetPassword generate", api.admin.resetPassword({ userId: other.id, mode: "generate" })],
      ["createInvite", api.admin.createInvite({ expiresInDays: 7 })],
      ["revokeInvite", api.admin.revokeInvite({ inviteId: "whatever" })],
      ["setSignupMode", api.admin.setSignupMode({ mode: "open" })],
    ];
    for (const [name, call] of calls) {
      const error = await trpcErrorOf(call);
      expect(error.code, name).toBe("FORBIDDEN");
    }
    expect(await t.db.user.findUniqueOrThrow({ where: { id: other.id } })).toEqual(before);
    expect(await t.db.invite.count()).toBe(0);
    expect(await t.db.appSettings.count()).toBe(0);
  });

  it("answer UNAUTHORIZED when signed out", async () => {
    const api = await callerFor(t.db, null);
    await expect(api.admin.users()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("users", () => {
  it("lists every account, owner first, with role, disabled state and numbers count", async () => {
    await t.db.phoneNumber.create({ data: { userId: member.id, e164: "+14155550177", label: "Mel" } });
    const users = await (await asOwner()).admin.users();
    expect(users[0]).toMatchObject({ id: owner.id, role: "owner", disabledAt: null, numbers: 0 });
    expect(users.find((u) => u.id === member.id)).toMatchObject({ role: "member", numbers: 1, email: member.email });
    expect(users.every((u) => !("passwordHash" in u))).toBe(true);
  });

  it("disable sets disabledAt and bumps the session version; enable clears disabledAt only", async () => {
    const api = await asOwner();
    const before = await t.db.user.findUniqueOrThrow({ where: { id: other.id } });
    await api.admin.setDisabled({ userId: other.id, disabled: true });
    const disabled = await t.db.user.findUniqueOrThrow({ where: { id: other.id } });
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    expect(disabled.sessionVersion).toBe(before.sessionVersion + 1);
    expect((await api.admin.users()).find((u) => u.id === other.id)?.disabledAt).toBeInstanceOf(Date);

    await api.admin.setDisabled({ userId: other.id, disabled: false });
    const enabled = await t.db.user.findUniqueOrThrow({ where: { id: other.id } });
    expect(enabled.disabledAt).toBeNull();
    expect(enabled.sessionVersion).toBe(before.sessionVersion + 1);
  });

  it("the owner cannot disable or reset themselves through the admin page", async () => {
    const api = await asOwner();
    await expect(api.admin.setDisabled({ userId: owner.id, disabled: true })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "You cannot disable your own account.",
    });
    await expect(api.admin.resetPassword({ userId: owner.id, mode: "generate" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: owner.id } })).disabledAt).toBeNull();
  });

  it("an id that does not exist is NOT_FOUND and writes nothing", async () => {
    const api = await asOwner();
    await expect(api.admin.setDisabled({ userId: "no-such-user", disabled: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(api.admin.resetPassword({ userId: "no-such-user", mode: "generate" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(api.admin.revokeInvite({ inviteId: "no-such-invite" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reset to a chosen password: it verifies, the old one does not, sessions end", async () => {
    const api = await asOwner();
    const before = await t.db.user.findUniqueOrThrow({ where: { id: member.id } });
    const result = await api.admin.resetPassword({ userId: member.id, mode: "set", password: "chosen by owner" });
    expect(result.generatedPassword).toBeNull();
    const after = await t.db.user.findUniqueOrThrow({ where: { id: member.id } });
    expect(await verifyPassword(after.passwordHash, "chosen by owner")).toBe(true);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    await expect((await callerFor(t.db, member)).settings.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("reset with a generated password returns it once, long and random", async () => {
    const api = await asOwner();
    const a = await api.admin.resetPassword({ userId: other.id, mode: "generate" });
    const b = await api.admin.resetPassword({ userId: other.id, mode: "generate" });
    expect(a.generatedPassword).toMatch(/^[\w-]{24}$/);
    expect(a.generatedPassword).not.toBe(b.generatedPassword);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: other.id } });
    expect(await verifyPassword(row.passwordHash, b.generatedPassword!)).toBe(true);
  });

  it("a too-short chosen password is a field error", async () => {
    const fields = await fieldErrorsOf((await asOwner()).admin.resetPassword({ userId: other.id, mode: "set", password: "short" }));
    expect(fields.password?.[0]).toMatch(/at least 8/);
  });
});

describe("invites", () => {
  it("creates a link shown once, lists pending/used/expired/revoked, revokes", async () => {
    const api = await asOwner();
    const created = await api.admin.createInvite({ expiresInDays: 1, email: " New@Example.test " });
    expect(created.email).toBe("new@example.test");
    expect(created.expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(created.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    const row = await t.db.invite.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashInviteToken(created.token));

    const defaultExpiry = await api.admin.createInvite({});
    expect(Math.round((defaultExpiry.expiresAt.getTime() - Date.now()) / 86_400_000)).toBe(7);
    const expired = await t.db.invite.create({
      data: { tokenHash: "h-expired", createdById: owner.id, expiresAt: new Date(Date.now() - 1000) },
    });
    const used = await t.db.invite.create({
      data: { tokenHash: "h-used", createdById: owner.id, expiresAt: new Date(Date.now() + 86_400_000), usedAt: new Date(), usedById: member.id },
    });

    await api.admin.revokeInvite({ inviteId: defaultExpiry.id });
    const list = await api.admin.invites();
    const status = Object.fromEntries(list.map((i) => [i.id, i.status]));
    expect(status).toMatchObject({ [created.id]: "pending", [defaultExpiry.id]: "revoked", [expired.id]: "expired", [used.id]: "used" });
    expect(list.find((i) => i.id === used.id)?.usedBy).toEqual({ name: member.name, email: member.email });
    expect(JSON.stringify(list)).not.toContain("tokenHash");

    await expect(api.admin.revokeInvite({ inviteId: used.id })).rejects.toMatchObject({ code: "CONFLICT" });
    // Revoking twice is harmless.
    await expect(api.admin.revokeInvite({ inviteId: defaultExpiry.id })).resolves.toMatchObject({ status: "revoked" });
  });

  it("refuses a bad expiry and a bad email with field errors", async () => {
    const api = await asOwner();
    const fields = await fieldErrorsOf(api.admin.createInvite({ expiresInDays: 3 as 7, email: "not an email" }));
    expect(Object.keys(fields).sort()).toEqual(["email", "expiresInDays"]);
  });
});

describe("sign-up mode", () => {
  it("shows SIGNUP_MODE as the container is configured while the owner has not chosen", async () => {
    const api = await callerFor(t.db, owner, { env: { SIGNUP_MODE: "open" } });
    expect(await api.admin.signupMode()).toEqual({ mode: "open", source: "environment" });
  });

  it("starts from SIGNUP_MODE (closed) and follows the owner's choice", async () => {
    const api = await asOwner();
    expect(await api.admin.signupMode()).toEqual({ mode: "closed", source: "environment" });
    await api.admin.setSignupMode({ mode: "invite" });
    expect(await api.admin.signupMode()).toEqual({ mode: "invite", source: "settings" });
    const fields = await fieldErrorsOf(api.admin.setSignupMode({ mode: "everyone" as "open" }));
    expect(fields.mode).toBeDefined();
    expect((await api.admin.signupMode()).mode).toBe("invite");
  });
});
