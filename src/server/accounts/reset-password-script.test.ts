/** `npm run user:reset-password` as a child process against this file's own database. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "~/server/auth/passwords";
import { createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});
// One owner per instance: each test starts from an empty one.
beforeEach(async () => {
  await t.db.user.deleteMany();
});

async function run(args: string[], options: { stdin?: string; databaseUrl?: string | null } = {}) {
  const environment: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "test", LOG_LEVEL: "silent" };
  if (options.databaseUrl === null) delete environment.DATABASE_URL;
  else environment.DATABASE_URL = options.databaseUrl ?? t.url;
  const child = spawn(process.execPath, ["--import", "tsx", join(process.cwd(), "scripts", "reset-password.ts"), ...args], {
    env: environment,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.stdin ?? "");
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  return { code, stdout, stderr };
}

async function lockedOutOwner() {
  const user = await createTestUser(t.db, { name: "Locked Out", role: "owner" });
  return t.db.user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword("forgotten password"), disabledAt: new Date(), sessionVersion: 2 },
  });
}

// Each case starts a tsx process, which takes a while on a busy machine.
describe("user:reset-password", { timeout: 180_000 }, () => {
  it("--generate prints a new password that verifies, ends sessions, and leaves a disable unless --enable", async () => {
    const owner = await lockedOutOwner();
    const result = await run([owner.email.toUpperCase(), "--generate"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const password = /New password: (\S+)/.exec(result.stdout)?.[1];
    expect(password).toMatch(/^[\w-]{24}$/);
    expect(result.stdout).toMatch(/still disabled/);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(await verifyPassword(row.passwordHash, password!)).toBe(true);
    expect(await verifyPassword(row.passwordHash, "forgotten password")).toBe(false);
    expect(row.sessionVersion).toBe(3);
    expect(row.disabledAt).not.toBeNull();
  });

  it("reads the password twice from stdin and --enable lifts the disable", async () => {
    const owner = await lockedOutOwner();
    const result = await run([owner.email, "--enable"], { stdin: "piped new password\npiped new password\n" });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("piped new password");
    const row = await t.db.user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(await verifyPassword(row.passwordHash, "piped new password")).toBe(true);
    expect(row.disabledAt).toBeNull();
    expect(row.sessionVersion).toBe(3);
  });

  it("changes nothing when the passwords differ or are too short", async () => {
    const owner = await lockedOutOwner();
    const mismatch = await run([owner.email], { stdin: "first password\nsecond password\n" });
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/do not match/);
    const short = await run([owner.email], { stdin: "short\nshort\n" });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 8/);
    expect(await t.db.user.findUniqueOrThrow({ where: { id: owner.id } })).toEqual(owner);
  });

  it("names an unknown email, a missing argument and a missing DATABASE_URL clearly", async () => {
    const unknown = await run(["nobody@example.test", "--generate"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No account has the email nobody@example.test/);
    const usage = await run([]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/Usage: npm run user:reset-password -- <email>/);
    const noDb = await run(["someone@example.test", "--generate"], { databaseUrl: null });
    expect(noDb.code).toBe(1);
    expect(noDb.stderr).toMatch(/DATABASE_URL is not set/);
  });
});
