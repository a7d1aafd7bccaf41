import { TRPCError } from "@trpc/server";
import type { Db, Tx } from "~/server/db";
import { plural, waitText } from "~/lib/format";
import { getSendLimits, type SendLimits } from "./settings";

/**
 * Per-user send budgets: every outbound text or call spends one unit of the user's hourly and
 * daily budget before Telnyx is asked and before its row exists.
 *
 * The counters live in the shared "RateLimit" table in rate-limiter-flexible's own format
 * (key "<prefix>:<userId>", points, expire in epoch ms; fixed windows starting at the first send),
 * but are spent here with one INSERT … ON CONFLICT per window inside the transaction that creates
 * the outbound row, instead of through RateLimiterPostgres: its pg.Pool cannot join that
 * transaction, and two of its limiters cannot spend an hour and a day atomically. Here an
 * over-budget send rolls back both increments and creates nothing, and the row lock the upsert
 * takes makes parallel sends of one user queue up, so they never exceed the budget. The limits are
 * read on each send, so the owner's changes apply at once.
 */

export type SendKind = "sms" | "call";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface Window {
  prefix: string;
  ms: number;
  per: "hour" | "day";
  limit: number;
}

function windowsOf(kind: SendKind, limits: SendLimits): [Window, Window] {
  return kind === "sms"
    ? [
        { prefix: "sms-hour", ms: HOUR_MS, per: "hour", limit: limits.smsPerHour },
        { prefix: "sms-day", ms: DAY_MS, per: "day", limit: limits.smsPerDay },
      ]
    : [
        { prefix: "calls-hour", ms: HOUR_MS, per: "hour", limit: limits.callsPerHour },
        { prefix: "calls-day", ms: DAY_MS, per: "day", limit: limits.callsPerDay },
      ];
}

function overBudget(kind: SendKind, window: Window, msLeft: number): TRPCError {
  // A request whose clock was read just before a parallel one opened the window sees it end
  // more than a window away; the wait is never longer than the window itself.
  const wait = Math.min(msLeft, window.ms);
  const what = plural(window.limit, kind === "sms" ? "text" : "call");
  const verb = kind === "sms" ? "send" : "place";
  return new TRPCError({
    code: "TOO_MANY_REQUESTS",
    message: `You can ${verb} ${window.limit} ${what} per ${window.per}; try again in ${waitText(wait)}.`,
  });
}

/** Adds one to the window's counter (a new window when the last one has ended); returns it. */
async function spendOne(tx: Tx, key: string, now: number, ms: number): Promise<{ points: number; expire: number }> {
  const nowMs = BigInt(now);
  const rows = await tx.$queryRaw<{ points: number; expire: bigint }[]>`
    INSERT INTO "RateLimit" ("key", "points", "expire") VALUES (${key}, 1, ${BigInt(now + ms)})
    ON CONFLICT ("key") DO UPDATE SET
      "points" = CASE WHEN "RateLimit"."expire" IS NULL OR "RateLimit"."expire" <= ${nowMs} THEN 1 ELSE "RateLimit"."points" + 1 END,
      "expire" = CASE WHEN "RateLimit"."expire" IS NULL OR "RateLimit"."expire" <= ${nowMs} THEN EXCLUDED."expire" ELSE "RateLimit"."expire" END
    RETURNING "points", "expire"`;
  const row = rows[0]!;
  return { points: row.points, expire: Number(row.expire) };
}

/**
 * Spends one send of `kind` for the user in `tx`; over either budget → TOO_MANY_REQUESTS naming
 * the limit and the wait (the day's when both are spent, as that is the longer wait). The caller
 * must let the error roll `tx` back, which undoes the spending.
 */
export async function spendSendBudget(tx: Tx, userId: string, kind: SendKind, limits: SendLimits, now: Date): Promise<void> {
  const at = now.getTime();
  const [hour, day] = windowsOf(kind, limits);
  const hourly = await spendOne(tx, `${hour.prefix}:${userId}`, at, hour.ms);
  const daily = await spendOne(tx, `${day.prefix}:${userId}`, at, day.ms);
  if (daily.points > day.limit) throw overBudget(kind, day, daily.expire - at);
  if (hourly.points > hour.limit) throw overBudget(kind, hour, hourly.expire - at);
}

/**
 * Runs `create` (which writes the outbound row) in one transaction with the spending: either the
 * send is within budget and its row exists, or neither the budget nor the table changed.
 */
export async function withSendBudget<T>(
  { db }: { db: Db },
  userId: string,
  kind: SendKind,
  now: Date,
  create: (tx: Tx) => Promise<T>,
): Promise<T> {
  const limits = await getSendLimits({ db });
  return db.$transaction(async (tx) => {
    await spendSendBudget(tx, userId, kind, limits, now);
    return create(tx);
  });
}

