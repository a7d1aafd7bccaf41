import type { VoiceStreamPurpose } from "~/generated/prisma/enums";
import type { Db } from "~/server/db";
import { greetingFor, receptionistForNumber, receptionistPlan, voicemailPromptFor, type ReceptionistPlan, type VoiceKeys } from "~/server/phone-numbers/receptionist";
import { issueStreamToken } from "~/server/voice/stream-tokens";
import { encodeClientState, type LegRole } from "~/server/telephony/client-state";
import { ProviderError } from "~/server/providers/errors";
import type { CommandOutcome, GatherParams, TelephonyProvider } from "~/server/telephony/provider";
import type { Applied, CallRow } from "./apply-event";
import type { GreetingVoice } from "./greeting-voice";
import { forwardingGreeting, voicemailGreeting, voicemailPrompt } from "./greeting";
import { compactPayload, intentId, type IntentPayload } from "./timeline";

/**
 * Call control: the commands an applied event calls for (answer, record, greet, forward, hang
 * up the other leg), and running each once with its outcome kept as an intent on the timeline.
 */

/** What running commands needs. */
export interface CallControlDeps {
  db: Db;
  telephony: TelephonyProvider;
  now: () => Date;
  /** ElevenLabs audio for spoken prompts; absent: Telnyx speak. */
  voice?: GreetingVoice | null;
  /** The voice receptionist: which of its keys are set, and where Telnyx streams to (null: nowhere, so off). */
  receptionist?: { keys: VoiceKeys; streamUrl: string | null } | null;
}

export type Command =
  | { action: "answer"; callControlId: string; clientState: string }
  | { action: "record_start"; callControlId: string; clientState: string }
  | { action: "speak"; name: string; callControlId: string; text: string; clientState: string; language?: string }
  /** Collect keys; with `text`, spoken first (gather_using_speak). */
  | ({ action: "gather"; name: string; callControlId: string; text?: string; language?: string } & Omit<GatherParams, "commandId">)
  | { action: "hangup"; name: string; callControlId: string }
  | { action: "dial"; name: string; leg: LegRole; connectionId: string; from: string; to: string; clientState: string; linkTo: string; timeoutSecs?: number }
  /** Hands the caller to the voice agent: a media stream to the voice process (its token is issued when sent). */
  | { action: "stream_start"; name: string; callControlId: string; streamUrl: string; clientState: string; purpose?: VoiceStreamPurpose; authToken?: string };

export function commandName(command: Command): string {
  return "name" in command ? command.name : command.action;
}

export interface CommandContext {
  userName: string | null;
  personalPhone: string | null;
  connectionId: string | null;
  /** The number's own greeting and voicemail prompt (null: the built-in ones). */
  greeting?: string | null;
  voicemailPrompt?: string | null;
  /** Whether and when the voice receptionist takes the call, and where its stream goes. */
  receptionist?: ReceptionistPlan;
  streamUrl?: string | null;
}

/** How long the user's phone rings before voicemail, when the receptionist does not set it. */
const FORWARD_RING_SECONDS = 25;

/** Commands an event calls for, given the state after applying it (the same on a retry). */
export function planCommands(applied: Applied, eventType: string, context: CommandContext): Command[] {
  const { call, leg, derived } = applied;
  const { caller, user, contact } = derived.legs;
  const state = (role: LegRole) => encodeClientState({ callId: call.id, leg: role });
  const commands: Command[] = [];

  if (derived.ended) {
    // The conversation is over: do not leave the other leg ringing.
    if (eventType === "call.hangup") {
      const other =
        call.direction === "inbound"
          ? leg === "caller" ? user : null
          : leg === "user" ? contact : leg === "contact" ? user : null;
      if (other?.callControlId && !other.hangupAt) {
        commands.push({ action: "hangup", name: "hangup_other_leg", callControlId: other.callControlId });
      }
    }
    return commands;
  }

  if (call.direction === "inbound") {
    if (leg === "caller" && eventType === "call.initiated" && !caller.answeredAt && caller.callControlId) {
      commands.push({ action: "answer", callControlId: caller.callControlId, clientState: state("caller") });
    }
    if (leg === "caller" && eventType === "call.answered" && caller.callControlId) {
      const plan = context.streamUrl ? (context.receptionist ?? { kind: "off" as const }) : { kind: "off" as const };
      const canForward = !!context.personalPhone && !!context.connectionId && !user.seen;
      commands.push({ action: "record_start", callControlId: caller.callControlId, clientState: state("caller") });
      if (plan.kind === "now" || (plan.kind === "after_no_answer" && !canForward)) {
        // The receptionist greets the caller itself, as soon as the stream is up.
        commands.push(receptionistStream(caller.callControlId, context.streamUrl!, state("caller")));
        return commands;
      }
      commands.push({
        action: "speak",
        name: "speak_greeting",
        callControlId: caller.callControlId,
        text: context.greeting ?? (canForward ? forwardingGreeting(context.userName) : voicemailGreeting(context.userName)),
        clientState: state("caller"),
      });
      if (canForward) {
        commands.push({
          action: "dial",
          name: "dial_user",
          leg: "user",
          connectionId: context.connectionId!,
          // Our number as caller id: the user knows a call from it is a forwarded call.
          from: call.toNumber,
          to: context.personalPhone!,
          clientState: state("user"),
          linkTo: caller.callControlId,
          timeoutSecs: plan.kind === "after_no_answer" ? plan.seconds : FORWARD_RING_SECONDS,
        });
      }
    }
    if (leg === "user" && eventType === "call.hangup" && !user.answeredAt && caller.callControlId) {
      commands.push(unansweredCommand(caller.callControlId, context, state("caller")));
    }
  } else {
    if (leg === "user" && eventType === "call.answered" && !contact.seen && user.callControlId && context.connectionId) {
      commands.push({
        action: "dial",
        name: "dial_contact",
        leg: "contact",
        connectionId: context.connectionId,
        from: call.fromNumber,
        to: call.toNumber,
        clientState: state("contact"),
        linkTo: user.callControlId,
      });
    }
    if (leg === "contact" && eventType === "call.answered" && contact.callControlId) {
      commands.push({ action: "record_start", callControlId: contact.callControlId, clientState: state("contact") });
    }
  }
  return commands;
}

function receptionistStream(callControlId: string, streamUrl: string, clientState: string): Command {
  return { action: "stream_start", name: "stream_receptionist", callControlId, streamUrl, clientState };
}

/** The user did not answer (or could not be dialed): the receptionist when it takes such calls, else voicemail. */
export function unansweredCommand(callControlId: string, context: CommandContext, clientState: string): Command {
  if (context.receptionist?.kind === "after_no_answer" && context.streamUrl) return receptionistStream(callControlId, context.streamUrl, clientState);
  return { action: "speak", name: "speak_voicemail_prompt", callControlId, text: context.voicemailPrompt ?? voicemailPrompt(), clientState };
}

/**
 * Runs one command once: an intent row records the outcome; a retried job skips done ones.
 * `sent`: the outcome of this command sent already in this pass (see answer-first.ts), recorded
 * without sending it again.
 */
export async function runCommand(
  deps: CallControlDeps,
  call: CallRow,
  webhookEventId: string,
  command: Command,
  sent?: IntentPayload,
): Promise<IntentPayload["status"]> {
  const name = commandName(command);
  const id = intentId(webhookEventId, name);
  if (!sent) {
    const existing = await deps.db.callEvent.findUnique({ where: { id }, select: { payload: true } });
    const previous = (existing?.payload as IntentPayload | null)?.status;
    if (previous && previous !== "failed") return previous;
  }
  // A stream's token is single-use and only its hash is stored: a fresh one for every send.
  const ready =
    command.action === "stream_start" && !sent
      ? { ...command, authToken: (await issueStreamToken(deps.db, { userId: call.userId, callId: call.id, purpose: command.purpose ?? "receptionist" }, deps.now())).token }
      : command;
  const intent = sent ?? (await sendCommand(deps, ready, commandIdFor(webhookEventId, command)));
  await deps.db.callEvent.upsert({
    where: { id },
    create: { id, userId: call.userId, callId: call.id, eventType: `intent.${name}`, occurredAt: deps.now(), payload: intent as object },
    update: { payload: intent as object, occurredAt: deps.now() },
  });
  return intent.status;
}

/** Telnyx's command_id: the same on every retry of one event's command, so Telnyx runs it once. */
export function commandIdFor(webhookEventId: string, command: Command): string {
  return `${webhookEventId}:${commandName(command)}`;
}

/** Sends one command to Telnyx; its outcome, as the intent records it (never throws). */
export async function sendCommand(deps: Pick<CallControlDeps, "telephony" | "voice">, command: Command, commandId: string): Promise<IntentPayload> {
  let outcome: CommandOutcome<unknown>;
  let voiced = false;
  let intent: IntentPayload;
  try {
    switch (command.action) {
      case "answer":
        outcome = await deps.telephony.answer(command.callControlId, { clientState: command.clientState, commandId });
        break;
      case "record_start":
        outcome = await deps.telephony.startRecording(command.callControlId, { clientState: command.clientState, commandId });
        break;
      case "speak": {
        const audio = deps.voice ? await deps.voice.audioFor(command.text) : null;
        voiced = audio !== null;
        outcome = audio
          ? await deps.telephony.playAudio(command.callControlId, { audio, clientState: command.clientState, commandId })
          : await deps.telephony.speak(command.callControlId, { text: command.text, language: command.language, clientState: command.clientState, commandId });
        break;
      }
      case "gather": {
        const { action: _action, name: _name, callControlId, text, language, ...gather } = command;
        outcome = text
          ? await deps.telephony.gatherUsingSpeak(callControlId, { ...gather, text, language, commandId })
          : await deps.telephony.gather(callControlId, { ...gather, commandId });
        break;
      }
      case "hangup":
        outcome = await deps.telephony.hangup(command.callControlId, { commandId });
        break;
      case "dial":
        outcome = await deps.telephony.dial({
          connectionId: command.connectionId,
          from: command.from,
          to: command.to,
          clientState: command.clientState,
          commandId,
          linkTo: command.linkTo,
          bridgeOnAnswer: true,
          timeoutSecs: command.timeoutSecs ?? FORWARD_RING_SECONDS,
        });
        break;
      case "stream_start":
        if (!command.authToken) throw new Error("stream_start without a stream token");
        outcome = await deps.telephony.startStreaming(command.callControlId, {
          streamUrl: command.streamUrl,
          authToken: command.authToken,
          clientState: command.clientState,
          commandId,
        });
        break;
    }
    intent =
      outcome.status === "sent"
        ? compactPayload({
            status: "sent" as const,
            commandId,
            callControlId: command.action === "dial" ? (outcome.data as { callControlId?: string }).callControlId : undefined,
          })
        : { status: "not_sent", commandId, reason: outcome.reason };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof ProviderError && error.permanent;
    intent = { status: permanent ? "rejected" : "failed", commandId, error: message };
  }
  if (command.action === "dial") Object.assign(intent, { leg: command.leg, to: command.to });
  if (voiced) Object.assign(intent, { voice: "elevenlabs" });
  return intent;
}

export async function commandContext(db: Db, call: CallRow, deps: Partial<Pick<CallControlDeps, "receptionist" | "now">> = {}): Promise<CommandContext> {
  // An inbound call's number comes with its receptionist settings (one read of the row).
  const [user, number] = await Promise.all([
    db.user.findUnique({ where: { id: call.userId }, select: { name: true, personalPhone: true } }),
    !call.phoneNumberId
      ? null
      : call.direction === "inbound"
        ? receptionistForNumber(db, call.phoneNumberId)
        : db.phoneNumber.findUnique({ where: { id: call.phoneNumberId }, select: { connectionId: true } }),
  ]);
  const receptionist = number && "receptionistMode" in number ? number : null;
  const userName = user?.name ?? null;
  return {
    userName,
    personalPhone: user?.personalPhone ?? null,
    connectionId: number?.connectionId ?? null,
    greeting: receptionist ? greetingFor(receptionist, userName) : null,
    voicemailPrompt: receptionist ? voicemailPromptFor(receptionist) : null,
    receptionist:
      receptionist && deps.receptionist
        ? receptionistPlan(receptionist, { now: (deps.now ?? (() => new Date()))(), timeZone: receptionist.timeZone, keys: deps.receptionist.keys })
        : { kind: "off" },
    streamUrl: deps.receptionist?.streamUrl ?? null,
  };
}
