import { z } from "zod";
import type { Db } from "~/server/db";
import { addressBucket } from "./client-ip";
import { verifyPassword } from "./passwords";
import type { AttemptLimiter, LoginLimiters } from "./rate-limit";

// One definition for the browser's forms and the server (lib/account-fields).
export { emailSchema, passwordSchema } from "~/lib/account-fields";

const credentialsSchema = z.object({ email: z.string(), password: z.string() });

/** Thrown to the sign-in form; next-auth passes the message through as `error`. */
export class SignInError extends Error {}

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
  /** Copied into the session token (see the jwt callback in config.ts). */
  sessionVersion: number;
  role: "owner" | "member";
}

export type { LoginLimiters };

export interface VerifyDeps {
  /** The password check (tests count its calls). */
  verify?: typeof verifyPassword;
}

/**
 * Spends one attempt from each budget, the client's own first (its address, then email and
 * address) and the account's last, stopping at the first that is spent: a client already
 * refused does not also drain the budget that protects the account's owner. Returns the
 * seconds to wait, or 0.
 */
async function spendAttempt(limiters: LoginLimiters, keys: { ip: string; client: string; account: string }): Promise<number> {
  const steps: [AttemptLimiter, string][] = [
    [limiters.perIp, keys.ip],
    [limiters.perClient, keys.client],
    [limiters.perAccount, keys.account],
  ];
  for (const [limiter, key] of steps) {
    const wait = await limiter.consume(key);
    if (wait > 0) return wait;
  }
  return 0;
}

/**
 * Checks an email/password pair under the sign-in budgets (rate-limit.ts). The attempt is paid
 * for BEFORE the password is checked, so parallel guesses can never run more checks than the
 * budget holds; a success gives its attempt back. Every failure says the same thing, so the
 * response never reveals whether the email or the password was wrong.
 */
export async function verifyCredentials(
  db: Db,
  limiters: LoginLimiters,
  input: unknown,
  ip: string,
  { verify = verifyPassword }: VerifyDeps = {},
): Promise<SignedInUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const email = parsed.data.email.trim().toLowerCase();
  const keys = { ip: addressBucket(ip), client: `${email}|${addressBucket(ip)}`, account: email };

  const wait = await spendAttempt(limiters, keys);
  if (wait > 0) throw new SignInError(`RATE_LIMITED:${wait}`);

  const user = await db.user.findUnique({ where: { email } });
  const ok = await verify(user?.passwordHash ?? null, parsed.data.password);
  if (!user || !ok) return null;
  await Promise.all([limiters.perClient.reset(keys.client), limiters.perIp.refund(keys.ip), limiters.perAccount.refund(keys.account)]);
  // Told only to someone who knows the password: a stranger learns nothing from it.
  if (user.disabledAt) throw new SignInError("ACCOUNT_DISABLED");
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, role: user.role };
}
