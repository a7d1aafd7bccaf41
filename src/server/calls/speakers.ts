import type { z } from "zod";
import { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import { fieldError, notFound } from "~/server/errors";
import { transcriptSegmentsOf } from "~/server/pipeline/view";
import type { nameSpeakerInput } from "./schemas";

/** Names by speaker number ("0", "1", …), as stored on the call. */
export type SpeakerNames = Record<string, string>;

/** The stored names, typed for the client (anything that is not a name is left out). */
export function speakerNamesOf(value: Prisma.JsonValue | null): SpeakerNames {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => /^\d+$/.test(entry[0]) && typeof entry[1] === "string" && entry[1] !== ""),
  );
}

/**
 * Names one of the user's call's transcript speakers, or clears its name when `name` is blank.
 * The speaker must be one the transcript has. The names are one JSON object on the call, changed
 * in one statement so that two speakers named at once both keep their names.
 */
export async function nameSpeaker({ db }: { db: Db }, userId: string, input: z.output<typeof nameSpeakerInput>) {
  const call = await db.call.findFirst({ where: { id: input.id, userId }, select: { transcriptSegments: true } });
  if (!call) throw notFound("Call");
  if (!transcriptSegmentsOf(call.transcriptSegments).some((segment) => segment.speaker === input.speaker)) {
    throw fieldError("speaker", `This call's transcript has no speaker ${input.speaker + 1}.`);
  }
  const key = String(input.speaker);
  const names = input.name
    ? Prisma.sql`"speakerNames" || jsonb_build_object(${key}::text, ${input.name}::text)`
    : Prisma.sql`"speakerNames" - ${key}::text`;
  const rows = await db.$queryRaw<Array<{ speakerNames: Prisma.JsonValue }>>`
    UPDATE "Call" SET "speakerNames" = ${names}, "updatedAt" = now()
    WHERE "id" = ${input.id} AND "userId" = ${userId}
    RETURNING "speakerNames"`;
  // Deleted since it was read.
  if (!rows[0]) throw notFound("Call");
  return { id: input.id, speakerNames: speakerNamesOf(rows[0].speakerNames) };
}
