import { z } from "zod";
import type { Db } from "~/server/db";
import { verifyPassword } from "./passwords";
import type { AttemptLimiter } from "./rate-limit";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(254, "Email is too long."));

export const passwordSchema = z
  .string()
  .min(8, "Use at least 8 characters.")
  .max(200, "Use at most 200 characters.");

const credentialsSchema = z.object({ email: z.string(), password: z.string() });

/** Thrown to the sign-in form; next-auth passes the message through as `error`. */
export class SignInError extends Error {}

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
}

/**
 * Checks an email/password pair under the per email+IP attempt budget. Every failure says the
 * same thing, so the response never reveals whether the email or the password was wrong.
 */
export interface LoginLimiters {
  /** Attempts per email and client IP. */
  perClient: AttemptLimiter;
  /** A larger budget per email alone, so rotating X-Forwarded-For values does not help. */
  perAccount: AttemptLimiter;
}

export async function verifyCredentials(
  db: Db,
  limiters: LoginLimiters,
  input: unknown,
  ip: string,
): Promise<SignedInUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const email = parsed.data.email.trim().toLowerCase();
  const clientKey = `${email}|${ip}`;

  const wait = Math.max(
    await limiters.perClient.retryAfter(clientKey),
    await limiters.perAccount.retryAfter(email),
  );
  if (wait > 0) throw new SignInError(`RATE_LIMITED:${wait}`);

  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(user?.passwordHash ?? null, parsed.data.password);
  if (!user || !ok) {
    await limiters.perClient.consume(clientKey);
    await limiters.perAccount.consume(email);
    return null;
  }
  await limiters.perClient.reset(clientKey);
  return { id: user.id, email: user.email, name: user.name };
}
