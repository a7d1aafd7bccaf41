import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import { HEATMAP_DAYS, STANDOUT_MIN_CALLS } from "~/server/dashboard/activity";
import { rescoreContact } from "~/server/scoring";
import { DEMO_NUMBER } from "./demo-calls";

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export interface HistoryContact {
  id: string;
  phones: string[];
}

const SKIPPED = { attempts: 0, startedAt: null, finishedAt: null, error: null, reason: "no recording", provider: null };
/** A call of the demo's past: answered, talked, no recording (so no pipeline stage has work). */
const unrecorded = {
  status: "completed",
  fetchStatus: "skipped",
  transcribeStatus: "skipped",
  analyzeStatus: "skipped",
  embedStatus: "skipped",
  hangupCause: "normal_clearing",
  processingDetails: { fetch: SKIPPED, transcribe: SKIPPED, analyze: SKIPPED, embed: SKIPPED },
} as const;

/** What texts in the demo say, by turn: theirs, then yours. */
const TEXTS = [
  ["Are we still on for Thursday?", "Yes, see you then."],
  ["Thanks for the call earlier, very helpful.", "Anytime. Talk soon."],
  ["Sending the document now.", "Got it, thank you!"],
  ["Can you call me when you have a minute?", "Will do, after 3."],
] as const;

/** UTC hours the history's calls fall on, so the heatmap has a spread of hours. */
const CALL_HOURS = [9, 11, 13, 14, 16, 17];

/**
 * A few months of calls and texts with the demo contacts, so everything derived from them agrees:
 * each contact's last contacted is its latest call or text (nothing for the people never called
 * or texted), every score is the real scoring of this history, and one weekday-hour (weekly
 * check-in calls with `checkIns`) stands out on the dashboard's heatmap.
 *
 * Contact i was last in touch i * 3 + 1 days ago, with fewer interactions the further down the
 * list (so some are drifting away); the last two never. Contacts that have the demo's own calls
 * (`keep`) get no generic history, so their demo call stays their latest.
 */
export async function seedDemoHistory(
  db: Db,
  userId: string,
  contacts: HistoryContact[],
  options: { now: Date; keep: Set<string>; checkIns: HistoryContact | undefined },
): Promise<void> {
  const { now } = options;
  for (const [index, contact] of contacts.entries()) {
    if (options.keep.has(contact.id)) continue;
    // The last two people were added but never called or texted.
    if (index >= contacts.length - 2) continue;
    const latestDaysAgo = index * 3 + 1;
    const interactions = Math.max(1, 6 - Math.floor(index / 3));
    const number = contact.phones[0] ?? "+15550000000";
    for (let k = 0; k < interactions; k++) {
      const daysAgo = latestDaysAgo + k * 9;
      const hour = CALL_HOURS[(index + k) % CALL_HOURS.length]!;
      const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo, hour, (index * 7) % 60));
      if (k % 2 === 0) await addCall(db, userId, contact.id, number, at, index + k);
      else await addTexts(db, userId, contact.id, number, at, index + k);
    }
  }
  if (options.checkIns) await addCheckIns(db, userId, options.checkIns, now);

  // lastContactedAt as the call and message code keeps it: the latest call or text, attempts included.
  await db.$executeRaw`
    UPDATE "Contact" c SET "lastContactedAt" = (
      SELECT max(t) FROM (
        SELECT max("startedAt") AS t FROM "Call" WHERE "contactId" = c."id"
        UNION ALL SELECT max("createdAt") FROM "Message" WHERE "contactId" = c."id"
      ) latest
    )
    WHERE c."userId" = ${userId}`;
  for (const contact of contacts) await rescoreContact(db, { userId, contactId: contact.id }, now);
}

function addCall(db: Db, userId: string, contactId: string, number: string, startedAt: Date, turn: number) {
  const inbound = turn % 3 !== 0;
  const durationSeconds = 90 + ((turn * 137) % 900);
  const answeredAt = new Date(startedAt.getTime() + 5_000);
  return db.call.create({
    data: {
      userId,
      contactId,
      direction: inbound ? "inbound" : "outbound",
      fromNumber: inbound ? number : DEMO_NUMBER,
      toNumber: inbound ? DEMO_NUMBER : number,
      counterpartNumber: number,
      startedAt,
      answeredAt,
      endedAt: new Date(answeredAt.getTime() + durationSeconds * 1000),
      durationSeconds,
      ...unrecorded,
      processingDetails: unrecorded.processingDetails as Prisma.InputJsonValue,
    },
  });
}

/** Their text, then your answer a few minutes later. */
async function addTexts(db: Db, userId: string, contactId: string, number: string, at: Date, turn: number) {
  const [theirs, yours] = TEXTS[turn % TEXTS.length]!;
  await db.message.create({
    data: { userId, contactId, direction: "inbound", fromNumber: number, toNumber: DEMO_NUMBER, counterpartNumber: number, body: theirs, deliveryStatus: "received", receivedAt: at, readAt: at, createdAt: at },
  });
  const answered = new Date(at.getTime() + 4 * 60_000);
  await db.message.create({
    data: { userId, contactId, direction: "outbound", fromNumber: DEMO_NUMBER, toNumber: number, counterpartNumber: number, body: yours, deliveryStatus: "delivered", sentAt: answered, deliveredAt: answered, createdAt: answered },
  });
}

/**
 * Weekly check-in calls with one contact on the weekday of a week ago at 08:00 UTC (the demo
 * account's zone), as many as it takes for that hour to stand out: more calls than any other
 * weekday-hour of the heatmap, and at least STANDOUT_MIN_CALLS.
 */
async function addCheckIns(db: Db, userId: string, contact: HistoryContact, now: Date) {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 7, 8, 30));
  const since = new Date(now.getTime() - HEATMAP_DAYS * DAY_MS);
  const calls = await db.call.findMany({ where: { userId, startedAt: { gte: since } }, select: { startedAt: true } });
  const slots = new Map<string, number>();
  for (const { startedAt } of calls) {
    const key = `${startedAt.getUTCDay()}-${startedAt.getUTCHours()}`;
    slots.set(key, (slots.get(key) ?? 0) + 1);
  }
  const own = slots.get(`${first.getUTCDay()}-${first.getUTCHours()}`) ?? 0;
  const busiestElsewhere = Math.max(0, ...[...slots].filter(([key]) => key !== `${first.getUTCDay()}-${first.getUTCHours()}`).map(([, n]) => n));
  const needed = Math.max(STANDOUT_MIN_CALLS, busiestElsewhere + 1) - own;
  const number = contact.phones[0] ?? "+15550000000";
  for (let week = 0; week < needed; week++) {
    await addCall(db, userId, contact.id, number, new Date(first.getTime() - week * 7 * DAY_MS + (week % 2) * 0.25 * HOUR_MS), week + 1);
  }
}
