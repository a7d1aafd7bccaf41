import type { Db, Tx } from "~/server/db";
import { notFound } from "~/server/errors";

type Client = Db | Tx;

/** The user's IANA time zone (User.timezone), which decides what "a day" and "today" are. */
export async function userTimeZone(db: Client, userId: string): Promise<string> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { timezone: true } });
  if (!user) throw notFound("Account");
  return user.timezone;
}
