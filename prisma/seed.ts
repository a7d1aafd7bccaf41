import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { Db } from "~/server/db";
import { hashPassword } from "~/server/auth/passwords";
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
  options: { email?: string; password?: string } = {},
): Promise<DemoAccount | null> {
  if ((await db.user.count()) > 0) return null;
  const email = (options.email ?? "demo@switchboard.local").toLowerCase();
  const password = options.password ?? randomBytes(9).toString("base64url");
  const user = await db.user.create({
    data: { email, name: "Demo User", passwordHash: await hashPassword(password) },
  });
  await seedDemoData(db, user.id);
  return { email, password };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { env, requireDatabaseUrl } = await import("~/env");
  const { createDb } = await import("~/server/db");
  const db = createDb(requireDatabaseUrl(), { max: 1 });
  const account = await seedDemo(db, { email: env.DEMO_EMAIL, password: env.DEMO_PASSWORD });
  console.log(
    account
      ? `Demo account created: ${account.email} / ${account.password}`
      : "Users already exist; the demo account was not created.",
  );
  await db.$disconnect();
}
