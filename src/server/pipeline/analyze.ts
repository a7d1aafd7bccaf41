import type { Prisma } from "~/generated/prisma/client";
import { contactName } from "~/server/telephony/people";
import { upsertKeyedNotification } from "~/server/notifications/inbox";
import { sendJobInTransaction } from "~/server/queue/outbox";
import { syncActionItemTasks } from "./action-items";
import { attemptStage, type CallJob, type PipelineDeps } from "./run";
import { setStage, updateStage } from "./stages";
import { WAITING_FOR_TRANSCRIPT } from "./transcribe";
import { transcriptSegmentsOf } from "./view";
import { truncate } from "~/lib/format";

const NO_SPEECH = "the recording has no speech";

/**
 * Stage 3: summary, sentiment, action items and topics from the transcript (Claude, or the local
 * analyser without an Anthropic key). Results, the action items' tasks, the important-call notice
 * and the next jobs are written in one transaction, so a crash leaves either all or none of it.
 */
export async function analyzeCall(deps: PipelineDeps, job: CallJob): Promise<void> {
  const { db } = deps;
  const call = await db.call.findFirst({
    where: { id: job.callId, userId: job.userId },
    select: {
      id: true,
      userId: true,
      contactId: true,
      direction: true,
      startedAt: true,
      analyzeStatus: true,
      transcriptText: true,
      transcriptSegments: true,
      counterpartNumber: true,
      contact: { select: { firstName: true, lastName: true } },
      user: { select: { name: true, timezone: true } },
    },
  });
  if (!call || call.analyzeStatus === "succeeded") return;
  const transcript = call.transcriptText;
  if (transcript === null) {
    await updateStage(db, call.id, "analyze", { status: "pending", detail: { reason: WAITING_FOR_TRANSCRIPT } });
    return;
  }
  if (!transcript.trim()) {
    await db.$transaction(async (tx) => {
      await setStage(tx, call.id, "analyze", { status: "skipped", detail: { reason: NO_SPEECH } });
      await setStage(tx, call.id, "embed", { status: "skipped", detail: { reason: NO_SPEECH } });
    });
    return;
  }
  const analyser = deps.providers.analyser;
  const who = contactName(call.contact);
  await attemptStage(deps, "analyze", job, async () => {
    await updateStage(db, call.id, "analyze", { status: "running", attempt: true, detail: { provider: analyser.provider } });
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
    await db.$transaction(async (tx) => {
      await setStage(tx, call.id, "analyze", {
        status: "succeeded",
        detail: { provider: analysis.provider },
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
      });
      await syncActionItemTasks(
        tx,
        { id: call.id, userId: call.userId, contactId: call.contactId, description: `From the call with ${who ?? call.counterpartNumber} on ${when}.` },
        analysis.actionItems,
      );
      if (analysis.important) {
        await upsertKeyedNotification(tx, {
          userId: call.userId,
          dedupeKey: `important_call:${call.id}`,
          type: "important_call",
          title: `Important call with ${who ?? call.counterpartNumber}`,
          body: truncate(analysis.summary, 240),
          link: `/calls/${call.id}`,
        });
      }
      await sendJobInTransaction(deps.boss, tx, "call.embed", job);
      if (call.contactId) await sendJobInTransaction(deps.boss, tx, "contact.rescore", { userId: call.userId, contactId: call.contactId });
    });
  });
}
