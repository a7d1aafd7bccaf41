// .env / .env.local first (for `npm run db:seed`): ~/env validates process.env when it is imported.
import "../src/load-env";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { Db } from "~/server/db";
import { hashPassword } from "~/server/auth/passwords";
import { sendJob, type Boss } from "~/server/queue/boss";
import type { RecordingStorage } from "~/server/storage";
import { seedDemoData } from "./demo-data";

export interface DemoAccount {
  email: string;
  password: string;
}

/**
 * Creates the demo account, with demo contacts, events and tasks, when the database has no
 * users yet. Returns the credentials only
 * when it created them, so they are printed once, on the first run.
 */
export async function seedDemo(
  db: Db,
  options: { email?: string; password?: string; storage?: RecordingStorage; boss?: Boss } = {},
): Promise<DemoAccount | null> {
  if ((await db.user.count()) > 0) return null;
  const email = (options.email ?? "demo@switchboard.local").toLowerCase();
  const password = options.password ?? randomBytes(9).toString("base64url");
  // The first account is the instance's owner, like a first sign-up.
  const user = await db.user.create({
    data: { email, name: "Demo User", passwordHash: await hashPassword(password), role: "owner" },
  });
  const { transcribedCallIds } = await seedDemoData(db, user.id, { storage: options.storage ?? null });
  // The demo calls come with transcripts; the worker analyses and indexes them like any call.
  if (options.boss) {
    for (const callId of transcribedCallIds) await sendJob(options.boss, "call.analyze", { callId, userId: user.id });
  }
  return { email, password };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { env, requireDatabaseUrl } = await import("~/env");
  const { createDb } = await import("~/server/db");
  const { createBoss } = await import("~/server/queue/boss");
  const { createServices } = await import("~/server/services");
  const db = createDb(requireDatabaseUrl(), { max: 1 });
  const boss = createBoss(requireDatabaseUrl(), "sender");
  await boss.start();
  const { storage } = createServices(env, { db, jobs: async () => boss });
  const account = await seedDemo(db, { email: env.DEMO_EMAIL, password: env.DEMO_PASSWORD, storage, boss });
  await boss.stop({ graceful: false });
  console.log(
    account
      ? `Demo account created: ${account.email} / ${account.password}`
      : "Users already exist; the demo account was not created.",
  );
  await db.$disconnect();
}
