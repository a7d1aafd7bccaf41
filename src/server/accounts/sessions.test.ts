/**
 * Revocable sessions end to end: a real sign-in (verifyCredentials), the token next-auth mints
 * from it with our jwt callback, the session next-auth decodes from that cookie, then the two
 * places that honour it — getServerAuthSession's check (resolveSession) for pages and routes,
 * and protectedProcedure for tRPC.
 */
import type { Session } from "next-auth";
import { encode } from "next-auth/jwt";
import { getServerSession } from "next-auth/next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { authOptions } from "~/server/auth/config";
import { SignInError, verifyCredentials, type SignedInUser } from "~/server/auth/credentials";
import { hashPassword } from "~/server/auth/passwords";
import { createLoginLimiters } from "~/server/auth/rate-limit";
import { createLocalTelephony } from "~/server/telephony/provider";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { resolveSession } from "./sessions";
import { createTestServices } from "~/test/services";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

const secret = process.env.NEXTAUTH_SECRET!;
const PASSWORD = "the right password";

async function account(name: string, role: "owner" | "member" = "member") {
  const user = await createTestUser(t.db, { name, role });
  return t.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
}

let signIns = 0;
async function signIn(email: string, password = PASSWORD): Promise<SignedInUser | null> {
  // A fresh budget per sign-in: these tests are about sessions, not the limiter.
  signIns += 1;
  const limiters = createLoginLimiters(t.db, createTestServices({ db: t.db }).config.signIn, { scope: `sessions-${signIns}` });
  return verifyCredentials(t.db, limiters, { email, password }, "198.51.100.20");
}

/** The session cookie next-auth would set after this sign-in (our jwt callback, next-auth's encoding). */
async function cookieFor(user: SignedInUser): Promise<string> {
  const token = await authOptions.callbacks!.jwt!({
    token: { sub: user.id, email: user.email, name: user.name },
    user,
    account: null,
    trigger: "signIn",
  });
  return encode({ token, secret });
}

/** What next-auth decodes from the cookie, before our account check. */
async function decoded(cookie: string): Promise<Session | null> {
  const name = authOptions.cookies?.sessionToken?.name ?? "next-auth.session-token";
  const req = { headers: {}, cookies: { [name]: cookie } };
  const res = { getHeader: () => undefined, setHeader: () => undefined };
  return getServerSession(req as never, res as never, authOptions);
}

/** getServerAuthSession's answer for a request carrying this cookie. */
async function pageSession(cookie: string) {
  return resolveSession(t.db, await decoded(cookie));
}

/** A tRPC caller for a request carrying this cookie (the session next-auth decoded, unchecked). */
async function apiWith(cookie: string) {
  const ctx = await createTRPCContext({
    services: createTestServices({ db: t.db, jobs: () => Promise.reject(new Error("no job queue in this test")), telephony: createLocalTelephony() }),
    session: await decoded(cookie),
    headers: new Headers(),
  });
  return createCaller(ctx);
}

describe("a session token", () => {
  it("carries the account's session version and role, and works while they hold", async () => {
    const dana = await account("Dana");
    await t.db.user.update({ where: { id: dana.id }, data: { sessionVersion: 3 } });
    const cookie = await cookieFor((await signIn(dana.email))!);
    const session = await decoded(cookie);
    expect(session?.user).toMatchObject({ id: dana.id, sessionVersion: 3, role: "member" });
    expect((await pageSession(cookie))?.user.id).toBe(dana.id);
    await expect((await apiWith(cookie)).settings.get()).resolves.toMatchObject({ profile: { email: dana.email } });
  });

  it("of a user the owner disables is refused by pages and procedures at once", async () => {
    const owner = await account("Owner", "owner");
    const eve = await account("Eve");
    const cookie = await cookieFor((await signIn(eve.email))!);
    expect(await pageSession(cookie)).not.toBeNull();

    await (await callerFor(t.db, owner)).admin.setDisabled({ userId: eve.id, disabled: true });
    expect(await pageSession(cookie)).toBeNull();
    await expect((await apiWith(cookie)).settings.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    // Re-enabling does not bring the old token back: the disable bumped its version.
    await (await callerFor(t.db, owner)).admin.setDisabled({ userId: eve.id, disabled: false });
    expect(await pageSession(cookie)).toBeNull();
    const fresh = await cookieFor((await signIn(eve.email))!);
    expect(await pageSession(fresh)).not.toBeNull();
  });

  it("is refused while the account is disabled even when its version is current", async () => {
    const fay = await account("Fay");
    const cookie = await cookieFor((await signIn(fay.email))!);
    await t.db.user.update({ where: { id: fay.id }, data: { disabledAt: new Date() } });
    expect(await pageSession(cookie)).toBeNull();
    await expect((await apiWith(cookie)).settings.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("with an outdated session version is refused after 'sign out everywhere'; a new sign-in works", async () => {
    const gus = await account("Gus");
    const cookie = await cookieFor((await signIn(gus.email))!);
    await (await apiWith(cookie)).account.signOutEverywhere();
    expect(await pageSession(cookie)).toBeNull();
    await expect((await apiWith(cookie)).settings.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect((await apiWith(cookie)).account.signOutEverywhere()).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const fresh = await cookieFor((await signIn(gus.email))!);
    expect((await pageSession(fresh))?.user.sessionVersion).toBe(1);
  });

  it("of a deleted account is refused", async () => {
    const hal = await account("Hal");
    const cookie = await cookieFor((await signIn(hal.email))!);
    await t.db.user.delete({ where: { id: hal.id } });
    expect(await pageSession(cookie)).toBeNull();
    await expect((await apiWith(cookie)).settings.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("from before the role was written into tokens counts as version 0 and is refused once bumped", async () => {
    const ida = await account("Ida");
    const legacy = await encode({ token: { sub: ida.id, email: ida.email }, secret });
    expect(await pageSession(legacy)).not.toBeNull();
    await t.db.user.update({ where: { id: ida.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await pageSession(legacy)).toBeNull();
  });
});

describe("sign-in of a disabled account", () => {
  it("is refused with ACCOUNT_DISABLED only to someone who knows the password", async () => {
    const jo = await account("Jo");
    await t.db.user.update({ where: { id: jo.id }, data: { disabledAt: new Date() } });
    await expect(signIn(jo.email)).rejects.toThrow(SignInError);
    await expect(signIn(jo.email)).rejects.toThrow("ACCOUNT_DISABLED");
    expect(await signIn(jo.email, "a wrong password")).toBeNull();
  });
});
