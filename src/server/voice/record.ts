import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import type { TranscriptSegment } from "~/server/providers/types";
import type { ConversationRecorder, TranscriptLine, TurnRecord } from "./agent/types";

/** Who did the transcript: the pipeline's transcribe stage keeps it and goes on to the analysis. */
export const LIVE_TRANSCRIPT_PROVIDER = "voice-agent";
/** Speakers of a live transcript: the caller is 0, the agent 1 (named on the call page). */
export const CALLER_SPEAKER = 0;
export const AGENT_SPEAKER = 1;

/**
 * Keeps a conversation: each turn as a VoiceTurn row when it ends, and at the end of the stream
 * the whole conversation, both sides in order, as the call's transcript. The call's recording is
 * still fetched as usual; with this transcript the pipeline needs no second transcription.
 */
export function databaseRecorder(
  db: Db,
  stream: { id: string; userId: string; callId: string },
  names: { agent: string; other: string },
): ConversationRecorder {
  const agentName = names.agent;
  return {
    async turn(turn: TurnRecord) {
      await db.voiceTurn.upsert({
        where: { streamId_index: { streamId: stream.id, index: turn.index } },
        create: { ...turn, toolCalls: turn.toolCalls as unknown as Prisma.InputJsonValue, streamId: stream.id, userId: stream.userId, callId: stream.callId },
        update: { agentText: turn.agentText, endedAtMs: turn.endedAtMs, interrupted: turn.interrupted },
      });
    },
    async finish(lines: TranscriptLine[]) {
      const spoken = lines.filter((line) => line.text.trim());
      if (!spoken.length) return;
      const segments: TranscriptSegment[] = [...spoken]
        .sort((a, b) => a.startMs - b.startMs)
        .map((line) => ({
          speaker: line.speaker === "caller" ? CALLER_SPEAKER : AGENT_SPEAKER,
          start: line.startMs / 1000,
          end: Math.max(line.endMs, line.startMs) / 1000,
          text: line.text,
          confidence: 1,
        }));
      const text = segments.map((s) => `${s.speaker === CALLER_SPEAKER ? names.other : agentName}: ${s.text}`).join("\n");
      await db.call.update({
        where: { id: stream.callId },
        data: {
          transcriptText: text,
          transcriptSegments: segments as unknown as Prisma.InputJsonValue,
          transcriptProvider: LIVE_TRANSCRIPT_PROVIDER,
          speakerNames: { [String(AGENT_SPEAKER)]: agentName },
        },
      });
    },
  };
}
