import type { Db } from "~/server/db";
import type { Logger } from "~/server/logger";
import type { Boss } from "~/server/queue/boss";
import type { TelephonyProvider } from "~/server/telephony/provider";
import { Conversation } from "./agent/conversation";
import { createReplier, type Replier } from "./agent/replier";
import { openSynthesizer, type SynthesizerConfig } from "./agent/synthesizer";
import { openTranscriber, type TranscriberConfig } from "./agent/transcriber";
import type { ConversationTimings } from "./agent/types";
import { callActions } from "./call-actions";
import type { InboundFrame, MediaStreamConnection } from "./media-stream";
import { loadCallerContext } from "./receptionist/caller-context";
import { receptionistScript } from "./receptionist/script";
import { receptionistTools } from "./receptionist/tools";
import { databaseRecorder } from "./record";
import type { StreamSession } from "./server";
import type { ClaimedStream } from "./stream-tokens";

/**
 * What runs on an authenticated stream: for a receptionist stream, a Conversation with the
 * caller's context, the number's settings and the receptionist's tools. The stream's call is read
 * first; a call that has ended (a late or replayed stream) gets no conversation, and the socket
 * is closed without touching the call.
 */

export interface VoiceProviders {
  transcriber: Omit<TranscriberConfig, "endpointingMs" | "utteranceEndMs">;
  synthesizer: SynthesizerConfig;
  /** The model; tests can pass their own replier. */
  replier: Replier | Parameters<typeof createReplier>[0];
}

export interface VoiceSessionDeps {
  db: Db;
  logger: Logger;
  telephony: TelephonyProvider;
  jobs: () => Promise<Boss>;
  now: () => Date;
  providers: VoiceProviders;
  timings: ConversationTimings;
  clock?: () => number;
}

export function voiceSessions(deps: VoiceSessionDeps): (stream: ClaimedStream, connection: MediaStreamConnection) => StreamSession {
  const replier = typeof deps.providers.replier === "function" ? deps.providers.replier : createReplier(deps.providers.replier);
  return (stream, connection) => {
    const log = deps.logger.child({ voiceStream: stream.id, callId: stream.callId });
    // Frames wait for the session (the server hands them over one at a time, in order).
    const ready: Promise<StreamSession | null> = (async () => {
      if (stream.purpose !== "receptionist") {
        log.warn({ purpose: stream.purpose }, "voice: no conversation for this kind of stream yet; closing it");
        return null;
      }
      const [context, number] = await Promise.all([
        loadCallerContext(deps.db, stream.callId, deps.now()),
        deps.db.call.findUnique({
          where: { id: stream.callId },
          select: { endedAt: true, phoneNumber: { select: { businessName: true, receptionistInstructions: true } } },
        }),
      ]);
      if (!context || !number || number.endedAt || !context.callControlId) {
        log.warn("voice: the stream's call has ended or is unknown; closing it");
        return null;
      }
      const settings = { businessName: number.phoneNumber?.businessName ?? null, instructions: number.phoneNumber?.receptionistInstructions ?? null };
      const tools = receptionistTools({ db: deps.db, telephony: deps.telephony, jobs: deps.jobs, now: deps.now }, context);
      const script = receptionistScript(context, settings, tools, deps.now());
      return new Conversation({
        logger: log,
        connection,
        script,
        actions: callActions({ telephony: deps.telephony, logger: log }, { id: context.callId, callControlId: context.callControlId, ourNumber: context.ourNumber }),
        recorder: databaseRecorder(deps.db, stream, "Receptionist"),
        openTranscriber: (events) =>
          openTranscriber({ ...deps.providers.transcriber, endpointingMs: deps.timings.endpointingMs, utteranceEndMs: deps.timings.utteranceEndMs }, events),
        openSynthesizer: (events) => openSynthesizer(deps.providers.synthesizer, events),
        replier,
        timings: deps.timings,
        clock: deps.clock,
      });
    })().catch((error: unknown) => {
      log.error({ err: error }, "voice: could not start the conversation");
      return null;
    });
    void ready.then((session) => {
      if (!session) connection.close(1000, "no conversation");
    });
    return {
      async onFrame(frame: InboundFrame) {
        const session = await ready;
        await session?.onFrame(frame);
      },
      async onEnd() {
        const session = await ready;
        await session?.onEnd();
      },
    };
  };
}
