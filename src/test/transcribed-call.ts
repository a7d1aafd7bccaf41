import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";

/**
 * A completed inbound call from Sam's number whose transcription already succeeded: the first
 * line is the user's (speaker 0), the second the caller's. Ready for `call.analyze`.
 */
export async function createTranscribedCall(db: Db, owner: { userId: string; contactId: string }, lines: [string, string]) {
  const segments = [
    { speaker: 0, start: 0, end: 4, text: lines[0], confidence: 0.98 },
    { speaker: 1, start: 4.5, end: 9, text: lines[1], confidence: 0.97 },
  ];
  return db.call.create({
    data: {
      userId: owner.userId,
      contactId: owner.contactId,
      direction: "inbound",
      status: "completed",
      fromNumber: "+13125550111",
      toNumber: "+14155550100",
      counterpartNumber: "+13125550111",
      transcriptText: segments.map((s) => s.text).join(" "),
      transcriptSegments: segments as unknown as Prisma.InputJsonValue,
      transcribeStatus: "succeeded",
    },
  });
}
