import type { z } from "zod";
import type { Db } from "~/server/db";
import { keepInTouchAfterMerge, type TouchDeps } from "~/server/reminders/keep-in-touch";
import { fieldError, notFound } from "~/server/errors";
import { contactSelect } from "./contacts";
import type { mergeInput } from "./schemas";

/**
 * Merges `duplicateId` into `survivorId` in one transaction: calls, messages, tasks, reminders (and escalations to it) and
 * scheduled calls move to the survivor; calendar event links are re-pointed without creating a
 * second link to an event both were on; emails, phones and tags become the union (survivor's
 * first); notes are concatenated; empty survivor fields (last name, company, job title) take the
 * duplicate's; lastContactedAt and relationship score take the later/higher; important dates move
 * and one keep-in-touch reminder is kept (the more frequent), re-anchored on the merged history.
 * The duplicate is deleted. Both must be the user's (else NOT_FOUND).
 */
export async function mergeContacts(deps: { db: Db } & TouchDeps, userId: string, input: z.output<typeof mergeInput>) {
  const { db } = deps;
  const { survivorId, duplicateId } = input;
  if (survivorId === duplicateId) throw fieldError("duplicateId", "Choose two different contacts to merge.");

  return db.$transaction(async (tx) => {
    // Lock both rows (in id order, so two opposite merges cannot deadlock) and check ownership.
    const owned = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Contact"
      WHERE "userId" = ${userId} AND "id" IN (${survivorId}, ${duplicateId})
      ORDER BY "id" FOR UPDATE`;
    if (owned.length !== 2) throw notFound("Contact");

    const moved = {
      calls: await tx.call.updateMany({ where: { userId, contactId: duplicateId }, data: { contactId: survivorId } }),
      messages: await tx.message.updateMany({ where: { userId, contactId: duplicateId }, data: { contactId: survivorId } }),
      tasks: await tx.task.updateMany({ where: { userId, contactId: duplicateId }, data: { contactId: survivorId } }),
      reminders: await tx.reminder.updateMany({ where: { userId, contactId: duplicateId }, data: { contactId: survivorId } }),
      dates: await tx.contactDate.updateMany({ where: { userId, contactId: duplicateId }, data: { contactId: survivorId } }),
    };
    // A reminder escalating to both contacts keeps one entry, the survivor's.
    const escalations = await tx.$executeRaw`
      WITH moved AS (
        DELETE FROM "ReminderEscalation" x USING "Reminder" r
        WHERE x."contactId" = ${duplicateId} AND r."id" = x."reminderId" AND r."userId" = ${userId}
        RETURNING x."reminderId", x."position"
      )
      INSERT INTO "ReminderEscalation" ("reminderId", "contactId", "position")
      SELECT "reminderId", ${survivorId}, "position" FROM moved
      ON CONFLICT ("reminderId", "contactId") DO NOTHING`;
    const events = await tx.$executeRaw`
      INSERT INTO "CalendarEventContact" ("eventId", "contactId")
      SELECT l."eventId", ${survivorId} FROM "CalendarEventContact" l
      JOIN "CalendarEvent" e ON e."id" = l."eventId" AND e."userId" = ${userId}
      WHERE l."contactId" = ${duplicateId}
      ON CONFLICT ("eventId", "contactId") DO NOTHING`;

    await tx.$executeRaw`
      UPDATE "Contact" s SET
        "emails" = ARRAY(SELECT v FROM unnest(s."emails" || d."emails") WITH ORDINALITY u(v, n) GROUP BY v ORDER BY min(n)),
        "phones" = ARRAY(SELECT v FROM unnest(s."phones" || d."phones") WITH ORDINALITY u(v, n) GROUP BY v ORDER BY min(n)),
        "tags" = ARRAY(
          SELECT (array_agg(v ORDER BY n))[1] FROM unnest(s."tags" || d."tags") WITH ORDINALITY u(v, n)
          GROUP BY lower(v) ORDER BY min(n)),
        "notes" = nullif(concat_ws(E'\n\n', nullif(btrim(s."notes"), ''), nullif(btrim(d."notes"), '')), ''),
        "lastName" = coalesce(nullif(s."lastName", ''), d."lastName"),
        "company" = coalesce(nullif(s."company", ''), d."company"),
        "jobTitle" = coalesce(nullif(s."jobTitle", ''), d."jobTitle"),
        "lastContactedAt" = GREATEST(s."lastContactedAt", d."lastContactedAt"),
        "relationshipScore" = GREATEST(s."relationshipScore", d."relationshipScore"),
        "updatedAt" = now()
      FROM "Contact" d
      WHERE s."id" = ${survivorId} AND s."userId" = ${userId} AND d."id" = ${duplicateId} AND d."userId" = ${userId}`;
    await tx.contact.delete({ where: { id: duplicateId } });
    await keepInTouchAfterMerge(deps, tx, userId, survivorId);
    const contact = await tx.contact.findUniqueOrThrow({ where: { id: survivorId }, select: contactSelect });
    return {
      contact,
      moved: {
        calls: moved.calls.count,
        messages: moved.messages.count,
        tasks: moved.tasks.count,
        reminders: moved.reminders.count,
        dates: moved.dates.count,
        escalations,
        events,
      },
    };
  });
}
