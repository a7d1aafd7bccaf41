import { z } from "zod";
import { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import { notFound } from "~/server/errors";
import { cursorCodec, cursorDate } from "~/server/pagination";
import type { timelineInput } from "./schemas";

export type TimelineKind = "task" | "event" | "call" | "message";

interface Base {
  id: string;
  /** When the entry happened (task: completed, else due, else created; event: start). */
  at: Date;
}
export type TimelineItem =
  | (Base & { kind: "task"; title: string; status: string; priority: string; dueAt: Date | null; completedAt: Date | null })
  | (Base & { kind: "event"; title: string; startsAt: Date; endsAt: Date | null; allDay: boolean; location: string | null })
  | (Base & {
      kind: "call";
      direction: string;
      status: string;
      counterpartNumber: string;
      durationSeconds: number | null;
      summary: string | null;
      sentimentLabel: string | null;
    })
  | (Base & { kind: "message"; direction: string; status: string; counterpartNumber: string; body: string });

interface Row {
  kind: TimelineKind;
  id: string;
  at: Date;
  title: string | null;
  status: string | null;
  priority: string | null;
  due_at: Date | null;
  completed_at: Date | null;
  ends_at: Date | null;
  all_day: boolean | null;
  location: string | null;
  direction: string | null;
  counterpart: string | null;
  duration: number | null;
  summary: string | null;
  sentiment: string | null;
  body: string | null;
}

/** [at, kind, id] of a page's last entry: the timeline's sort key. */
const timelineCursor = cursorCodec(cursorDate, z.enum(["task", "event", "call", "message"] satisfies TimelineKind[]), z.string());

function toItem(r: Row): TimelineItem {
  switch (r.kind) {
    case "task":
      return { kind: "task", id: r.id, at: r.at, title: r.title ?? "", status: r.status ?? "todo", priority: r.priority ?? "medium", dueAt: r.due_at, completedAt: r.completed_at };
    case "event":
      return { kind: "event", id: r.id, at: r.at, title: r.title ?? "", startsAt: r.at, endsAt: r.ends_at, allDay: r.all_day ?? false, location: r.location };
    case "call":
      return {
        kind: "call",
        id: r.id,
        at: r.at,
        direction: r.direction ?? "inbound",
        status: r.status ?? "completed",
        counterpartNumber: r.counterpart ?? "",
        durationSeconds: r.duration,
        summary: r.summary,
        sentimentLabel: r.sentiment,
      };
    case "message":
      return { kind: "message", id: r.id, at: r.at, direction: r.direction ?? "inbound", status: r.status ?? "received", counterpartNumber: r.counterpart ?? "", body: r.body ?? "" };
  }
}

/**
 * The contact's tasks, calendar events, calls and messages, newest first, `limit` at a time;
 * pass `nextCursor` back as `cursor` for the next page.
 */
export async function contactTimeline({ db }: { db: Db }, userId: string, input: z.output<typeof timelineInput>) {
  const contact = await db.contact.findFirst({ where: { id: input.id, userId }, select: { id: true } });
  if (!contact) throw notFound("Contact");
  let after = Prisma.empty;
  if (input.cursor) {
    const [at, kind, id] = timelineCursor.decode(input.cursor);
    after = Prisma.sql`WHERE (x."at", x."kind", x."id") < (${at}::timestamptz, ${kind}::text, ${id}::text)`;
  }
  const rows = await db.$queryRaw<Row[]>`
    SELECT * FROM (
      SELECT 'task'::text AS "kind", t."id", coalesce(t."completedAt", t."dueAt", t."createdAt") AS "at",
             t."title", t."status"::text AS "status", t."priority"::text AS "priority",
             t."dueAt" AS "due_at", t."completedAt" AS "completed_at",
             NULL::timestamptz AS "ends_at", NULL::boolean AS "all_day", NULL::text AS "location",
             NULL::text AS "direction", NULL::text AS "counterpart", NULL::int AS "duration",
             NULL::text AS "summary", NULL::text AS "sentiment", NULL::text AS "body"
      FROM "Task" t WHERE t."userId" = ${userId} AND t."contactId" = ${input.id}
      UNION ALL
      SELECT 'event', e."id", e."startsAt", e."title", NULL, NULL, NULL, NULL,
             e."endsAt", e."allDay", e."location", NULL, NULL, NULL, NULL, NULL, NULL
      FROM "CalendarEvent" e JOIN "CalendarEventContact" l ON l."eventId" = e."id"
      WHERE e."userId" = ${userId} AND l."contactId" = ${input.id}
      UNION ALL
      SELECT 'call', k."id", k."startedAt", NULL, k."status"::text, NULL, NULL, NULL,
             NULL, NULL, NULL, k."direction"::text, k."counterpartNumber", k."durationSeconds",
             k."summary", k."sentimentLabel"::text, NULL
      FROM "Call" k WHERE k."userId" = ${userId} AND k."contactId" = ${input.id}
      UNION ALL
      SELECT 'message', m."id", coalesce(m."sentAt", m."receivedAt", m."createdAt"), NULL,
             m."deliveryStatus"::text, NULL, NULL, NULL, NULL, NULL, NULL, m."direction"::text,
             m."counterpartNumber", NULL, NULL, NULL, left(m."body", 1000)
      FROM "Message" m WHERE m."userId" = ${userId} AND m."contactId" = ${input.id}
    ) x
    ${after}
    ORDER BY x."at" DESC, x."kind" DESC, x."id" DESC
    LIMIT ${input.limit + 1}`;
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toItem),
    nextCursor: rows.length > input.limit && last ? timelineCursor.encode([last.at, last.kind, last.id]) : null,
  };
}
