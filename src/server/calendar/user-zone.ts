import { z } from "zod";
import type { Db, Tx } from "~/server/db";
import { notFound } from "~/server/errors";
import { isTimeString } from "~/lib/zoned-time";

type Client = Db | Tx;

/** The user's IANA time zone (User.timezone), which decides what "a day" and "today" are. */
export async function userTimeZone(db: Client, userId: string): Promise<string> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { timezone: true } });
  if (!user) throw notFound("Account");
  return user.timezone;
}

/**
 * A point in time as input: a Date (superjson), an ISO string with an offset, or a wall-clock
 * string in the user's zone ("2025-03-04" or "2025-03-04T14:30").
 */
export function timeInput(message = "Enter a valid date and time.") {
  return z.union([z.date({ error: message }), z.string({ error: message }).trim()], { error: message }).refine(
    (value) => (value instanceof Date ? !Number.isNaN(value.getTime()) : isTimeString(value)),
    message,
  );
}
