import type { Db } from "~/server/db";
import type { Logger } from "~/server/logger";
import type { Boss } from "~/server/queue/boss";
import type { TelephonyProvider } from "~/server/telephony/provider";
import { Conversation } from "./agent/conversation";
import { createReplier, type Replier } from "./agent/replier";
import { openSynthesizer, type SynthesizerConfig } from "./agent/synthesizer";
import { openTranscriber, type TranscriberConfig } from "./agent/transcriber";
import type { AgentScript, CallActions, ConversationTimings } from "./agent/types";
import { callActions } from "./call-actions";
import type { InboundFrame, MediaStreamConnection } from "./media-stream";
import { loadCallerContext } from "./receptionist/caller-context";
import { receptionistScript } from "./receptionist/script";
import { receptionistTools } from "./receptionist/tools";
import { loadReminderOnTheLine, reminderCallActions, reminderScript, reminderTools } from "./reminder/conversation";
import { databaseRecorder } from "./record";
import type { StreamSession } from "./server";
import type { ClaimedStream } from "./stream-tokens";

/**
 * What runs on an authenticated stream: a receptionist stream gets a Conversation with the
 * caller's context, the number's settings and the receptionist's tools; a reminder stream one that
 * delivers the reminder and records its confirmation. The stream's call is read first; a call that
 * has ended (a late or replayed stream) gets no conversation, and the socket is closed without
 * touching the call.
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

  /** The parts every conversation shares: the providers, the timings, the recorder. */
  const conversation = (
    stream: ClaimedStream,
    connection: MediaStreamConnection,
    log: Logger,
    parts: { script: AgentScript; actions: CallActions; names: { agent: string; other: string } },
  ) =>
    new Conversation({
      logger: log,
      connection,
      script: parts.script,
      actions: parts.actions,
      recorder: databaseRecorder(deps.db, stream, parts.names),
      openTranscriber: (events) =>
        openTranscriber({ ...deps.providers.transcriber, endpointingMs: deps.timings.endpointingMs, utteranceEndMs: deps.timings.utteranceEndMs }, events),
      openSynthesizer: (events) => openSynthesizer(deps.providers.synthesizer, events),
      replier,
      timings: deps.timings,
      clock: deps.clock,
    });

  async function receptionist(stream: ClaimedStream, connection: MediaStreamConnection, log: Logger): Promise<StreamSession | null> {
    const context = await loadCallerContext(deps.db, stream.callId, deps.now());
    if (!context || context.ended || !context.callControlId) return null;
    const tools = receptionistTools({ db: deps.db, telephony: deps.telephony, jobs: deps.jobs, now: deps.now }, context);
    return conversation(stream, connection, log, {
      script: receptionistScript(context, tools, deps.now()),
      actions: callActions({ telephony: deps.telephony, logger: log }, { id: context.callId, callControlId: context.callControlId, ourNumber: context.ourNumber }),
      names: { agent: "Receptionist", other: "Caller" },
    });
  }

  async function reminder(stream: ClaimedStream, connection: MediaStreamConnection, log: Logger): Promise<StreamSession | null> {
    const line = await loadReminderOnTheLine(deps.db, stream.callId);
    if (!line) return null;
    return conversation(stream, connection, log, {
      script: reminderScript(line, reminderTools({ db: deps.db, jobs: deps.jobs, now: deps.now }, line)),
      actions: reminderCallActions({ telephony: deps.telephony, logger: log }, line),
      names: { agent: "Assistant", other: line.contactName ?? "Contact" },
    });
  }

  return (stream, connection) => {
    const log = deps.logger.child({ voiceStream: stream.id, callId: stream.callId });
    // Frames wait for the session (the server hands them over one at a time, in order).
    const ready: Promise<StreamSession | null> = (stream.purpose === "reminder" ? reminder : receptionist)(stream, connection, log).catch(
      (error: unknown) => {
        log.error({ err: error }, "voice: could not start the conversation");
        return null;
      },
    );
    void ready.then((session) => {
      if (session) return;
      log.warn("voice: the stream's call has ended, is unknown or has nothing left to say; closing it");
      connection.close(1000, "no conversation");
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
