import type { z } from "zod";
import { type Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import { fieldIssues, notFound } from "~/server/errors";
import { rewordContactReminders } from "~/server/reminders/contact-names";
import { normalizeContactFields, regionOf, type ContactData } from "./normalize";
import type { bulkDeleteInput, createContactInput, idInput, updateContactInput } from "./schemas";

/** Every column a client sees (never the embedding). */
export const contactSelect = {
  id: true,
  firstName: true,
  lastName: true,
  emails: true,
  phones: true,
  company: true,
  jobTitle: true,
  notes: true,
  tags: true,
  relationshipScore: true,
  scoreTrend: true,
  scoreUpdatedAt: true,
  lastContactedAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.ContactSelect;

export type ContactRecord = Prisma.ContactGetPayload<{ select: typeof contactSelect }>;

export async function createContact({ db }: { db: Db }, userId: string, input: z.output<typeof createContactInput>) {
  const region = await regionOf(db, userId);
  const { data, issues } = normalizeContactFields(input, region);
  if (issues.length) throw fieldIssues(issues);
  return db.contact.create({ data: { ...(data as ContactData), userId }, select: contactSelect });
}

export async function updateContact({ db }: { db: Db }, userId: string, input: z.output<typeof updateContactInput>) {
  const { id, ...fields } = input;
  const region = await regionOf(db, userId);
  const { data, issues } = normalizeContactFields(fields, region);
  if (issues.length) throw fieldIssues(issues);
  const renamed = "firstName" in data || "lastName" in data;
  return db.$transaction(async (tx) => {
    const result = await tx.contact.updateMany({ where: { id, userId }, data });
    if (result.count === 0) throw notFound("Contact");
    // "Get in touch with Bob" becomes "Get in touch with Robert" with the contact.
    if (renamed) await rewordContactReminders(tx, userId, id);
    return tx.contact.findUniqueOrThrow({ where: { id }, select: contactSelect });
  });
}

export async function deleteContact({ db }: { db: Db }, userId: string, input: z.output<typeof idInput>) {
  const result = await db.contact.deleteMany({ where: { id: input.id, userId } });
  if (result.count === 0) throw notFound("Contact");
  return { id: input.id };
}

/** Deletes those of `ids` that are the user's own; others are ignored (not revealed). */
export async function bulkDeleteContacts({ db }: { db: Db }, userId: string, input: z.output<typeof bulkDeleteInput>) {
  const result = await db.contact.deleteMany({ where: { userId, id: { in: [...new Set(input.ids)] } } });
  return { count: result.count };
}

/** The contact with counts of its calls, messages, open tasks and upcoming events. */
export async function getContact(deps: { db: Db; now: () => Date }, userId: string, input: z.output<typeof idInput>) {
  const { db } = deps;
  const now = deps.now();
  const contact = await db.contact.findFirst({
    where: { id: input.id, userId },
    select: {
      ...contactSelect,
      _count: {
        select: {
          calls: { where: { userId } },
          messages: { where: { userId } },
          tasks: { where: { userId, status: { in: ["todo", "in_progress"] } } },
          calendarEventLinks: { where: { event: { userId, startsAt: { gte: now } } } },
        },
      },
    },
  });
  if (!contact) throw notFound("Contact");
  const { _count, ...rest } = contact;
  return {
    contact: rest,
    counts: {
      calls: _count.calls,
      messages: _count.messages,
      openTasks: _count.tasks,
      upcomingEvents: _count.calendarEventLinks,
    },
  };
}

/** Every tag the user's contacts carry, with how many contacts carry it (most used first). */
export async function contactTags({ db }: { db: Db }, userId: string) {
  const rows = await db.$queryRaw<{ tag: string; count: number }[]>`
    SELECT t.tag, count(*)::int AS count
    FROM "Contact" c, unnest(c."tags") AS t(tag)
    WHERE c."userId" = ${userId}
    GROUP BY t.tag
    ORDER BY count(*) DESC, t.tag ASC`;
  return rows;
}

/** Companies of the user's contacts with counts (for the company filter), most common first. */
export async function contactCompanies({ db }: { db: Db }, userId: string, limit = 500) {
  return db.$queryRaw<{ company: string; count: number }[]>`
    SELECT c."company" AS company, count(*)::int AS count
    FROM "Contact" c
    WHERE c."userId" = ${userId} AND c."company" IS NOT NULL AND c."company" <> ''
    GROUP BY c."company"
    ORDER BY count(*) DESC, c."company" ASC
    LIMIT ${limit}`;
}

/** Which of `tags` no contact of the user carries (case-sensitive, as stored). */
export async function unknownTags(db: Db, userId: string, tags: string[]): Promise<string[]> {
  if (tags.length === 0) return [];
  const rows = await db.$queryRaw<{ tag: string }[]>`
    SELECT t.tag FROM unnest(${tags}::text[]) AS t(tag)
    WHERE NOT EXISTS (
      SELECT 1 FROM "Contact" c WHERE c."userId" = ${userId} AND c."tags" @> ARRAY[t.tag]
    )`;
  return rows.map((r) => r.tag);
}
