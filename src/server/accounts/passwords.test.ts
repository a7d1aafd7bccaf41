import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "~/server/auth/passwords";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf } from "~/test/errors";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

async function userWithPassword(password: string) {
  const user = await createTestUser(t.db);
  return t.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
}

describe("password change", () => {
  it("refuses a wrong current password as a field error and changes nothing", async () => {
    const user = await userWithPassword("old password 1");
    const api = await callerFor(t.db, user);
    const fields = await fieldErrorsOf(
      api.account.changePassword({ currentPassword: "not it at all", newPassword: "new password 1", confirmPassword: "new password 1" }),
    );
    expect(fields).toEqual({ currentPassword: ["That is not your current password."] });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toBe(user.passwordHash);
    expect(row.sessionVersion).toBe(0);
  });

  it("checks the new password twice, its length, and that it differs", async () => {
    const user = await userWithPassword("old password 2");
    const api = await callerFor(t.db, user);
    const mismatch = await fieldErrorsOf(
      api.account.changePassword({ currentPassword: "old password 2", newPassword: "new password 2", confirmPassword: "new password X" }),
    );
    expect(mismatch.confirmPassword).toEqual(["The two new passwords do not match."]);
    const short = await fieldErrorsOf(api.account.changePassword({ currentPassword: "old password 2", newPassword: "short", confirmPassword: "short" }));
    expect(short.newPassword?.[0]).toMatch(/at least 8/);
    const same = await fieldErrorsOf(
      api.account.changePassword({ currentPassword: "old password 2", newPassword: "old password 2", confirmPassword: "old password 2" }),
    );
    expect(same.newPassword).toEqual(["Choose a password different from the current one."]);
    expect(await verifyPassword((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, "old password 2")).toBe(true);
  });

  it("sets the new password, the old one no longer verifies, and older sessions end", async () => {
    const user = await userWithPassword("old password 3");
    const api = await callerFor(t.db, user);
    await api.account.changePassword({ currentPassword: "old password 3", newPassword: "new password 3", confirmPassword: "new password 3" });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, "new password 3")).toBe(true);
    expect(await verifyPassword(row.passwordHash, "old password 3")).toBe(false);
    expect(row.sessionVersion).toBe(1);
    // The session that made the change was issued at version 0: it is over too.
    await expect(api.settings.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("signed out, the procedures answer UNAUTHORIZED", async () => {
    const api = await callerFor(t.db, null);
    await expect(
      api.account.changePassword({ currentPassword: "x", newPassword: "new password 4", confirmPassword: "new password 4" }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(api.account.signOutEverywhere()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("sign out everywhere", () => {
  it("bumps the session version, ending this session too", async () => {
    const user = await userWithPassword("some password");
    const api = await callerFor(t.db, user);
    await api.account.signOutEverywhere();
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(1);
    await expect(api.settings.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
