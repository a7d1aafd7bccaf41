import type { Prisma } from "~/generated/prisma/client";
import type { CountryCode } from "libphonenumber-js";
import { contactName, displayNumber } from "~/server/contacts/counterpart";
import { upsertKeyedNotification } from "~/server/notifications/inbox";
import { sendJobInTransaction } from "~/server/queue/outbox";
import { syncActionItemTasks } from "./action-items";
import { defineStage } from "./stage-run";
import { WAITING_FOR_TRANSCRIPT } from "./table";
import { transcriptSegmentsOf } from "./view";
import { truncate } from "~/lib/format";

const NO_SPEECH = "the recording has no speech";

/**
 * Stage 3: summary, sentiment, action items and topics from the transcript (Claude, or the local
 * analyser without an Anthropic key). Results, the action items' tasks, the important-call notice
 * and the contact's rescore are committed with the stage's success, so a crash leaves either all
 * or none of it.
 */
export const analyzeStage = defineStage({
  select: {
    userId: true,
    contactId: true,
    direction: true,
    startedAt: true,
    transcriptText: true,
    transcriptSegments: true,
    counterpartNumber: true,
    contact: { select: { firstName: true, lastName: true } },
    user: { select: { name: true, timezone: true, defaultRegion: true } },
  },
  plan(deps, call) {
    const transcript = call.transcriptText;
    if (transcript === null) return { wait: WAITING_FOR_TRANSCRIPT };
    if (!transcript.trim()) return { skip: NO_SPEECH, later: "skipped" };
    const analyser = deps.providers.analyser;
    const who = contactName(call.contact);
    // Server-written texts the user reads name an unknown caller by their number in the user's format.
    const whoOrNumber = who ?? displayNumber(call.counterpartNumber, (call.user.defaultRegion || "US") as CountryCode);
    return {
      provider: analyser.provider,
      async run() {
        const analysis = await analyser.analyze({
          transcript,
          segments: transcriptSegmentsOf(call.transcriptSegments),
          direction: call.direction,
          startedAt: call.startedAt,
          timeZone: call.user.timezone,
          userName: call.user.name,
          contactName: who,
        });
        const when = call.startedAt.toISOString().slice(0, 10);
        return {
          provider: analysis.provider,
          data: {
            summary: analysis.summary,
            sentimentLabel: analysis.sentiment.label,
            sentimentScore: analysis.sentiment.score,
            actionItems: analysis.actionItems as unknown as Prisma.InputJsonValue,
            topics: analysis.topics,
            important: analysis.important,
            analysisPromptVersion: analysis.promptVersion,
            analysisProvider: analysis.provider,
          },
          async commit(tx) {
            await syncActionItemTasks(
              tx,
              { id: call.id, userId: call.userId, contactId: call.contactId, description: `From the call with ${whoOrNumber} on ${when}.` },
              analysis.actionItems,
            );
            if (analysis.important) {
              await upsertKeyedNotification(tx, {
                userId: call.userId,
                dedupeKey: `important_call:${call.id}`,
                type: "important_call",
                title: `Important call with ${whoOrNumber}`,
                body: truncate(analysis.summary, 240),
                link: `/calls/${call.id}`,
              });
            }
            // Not a stage of the call: the contact's score depends on all their calls.
            if (call.contactId) await sendJobInTransaction(deps.boss, tx, "contact.rescore", { userId: call.userId, contactId: call.contactId });
          },
        };
      },
    };
  },
});
