import type { ReminderAttemptOutcome } from "~/generated/prisma/enums";
import type { Applied } from "~/server/calls/apply-event";
import { commandName, runCommand, type CallControlDeps, type Command } from "~/server/calls/call-control";
import type { ApplyEventDeps } from "~/server/calls/apply-event";
import type { CallEventPayload } from "~/server/calls/timeline";
import { missingVoiceKeys } from "~/server/phone-numbers/receptionist";
import { decodeClientState, encodeClientState } from "~/server/telephony/client-state";
import { CALL_SCRIPT_EVENTS, type CallPayload } from "~/server/telephony/envelope";
import type { StoredWebhook } from "~/server/telephony/types";
import { callPrompts } from "./call-prompts";
import { recordAttemptOutcome, type AttemptResult } from "./outcome";

/**
 * The reminder call's script, driven by its webhooks (one event at a time, each applied to the
 * Call first): answering-machine detection decides between the person and a machine; the person
 * hears the message and is asked for one key (1 confirms, 2 repeats; no key: asked once more,
 * then the call ends unconfirmed); a machine is hung up on, or hears the message after its
 * greeting when the reminder leaves voicemails. A hangup before an outcome maps its cause.
 *
 * Every command is run with runCommand under the webhook's id, so a retried webhook job finds
 * the intent it recorded and never sends a command twice. Which prompt an event answers is in the
 * client_state the command set (`step`), so the plan is a pure function of the event and the
 * reminder: the same on every retry.
 */

export type ReminderCallEventDeps = ApplyEventDeps & CallControlDeps;

const SCRIPT_EVENTS: ReadonlySet<string> = new Set([...CALL_SCRIPT_EVENTS, "call.hangup"]);

/** Prompts in one call at most (the person may keep pressing 2). */
export const MAX_PROMPTS = 5;
/** Prompts without a key before the call gives up on one. */
export const UNANSWERED_PROMPTS = 2;
/** How long each prompt waits for the key. */
export const KEY_TIMEOUT_MS = 8_000;


interface ReminderOnCall {
  attemptId: string;
  userId: string;
  outcome: ReminderAttemptOutcome | null;
  prompts: number;
  message: string;
  language: string;
  requireConfirmation: boolean;
  leaveVoicemail: boolean;
  /** The reminder talks with the voice agent when it can. */
  conversational: boolean;
  /** Where the voice agent's stream goes, when it can run (its keys set, a public address); else null. */
  agentStreamUrl: string | null;
  /** Prompts are played as ElevenLabs audio (then gathered), not spoken by Telnyx. */
  voiced: boolean;
  /** Answering-machine detection said machine (read for hangups only). */
  machine: boolean;
  /** Keys pressed so far (read for hangups only). */
  keys: string | null;
}

/** A step of the script, as the client_state of the command that started it names it. */
type Step =
  | { kind: "start" }
  /** Prompt n, after `misses` prompts in a row without a key; `play`: the audio before the gather. */
  | { kind: "prompt"; n: number; misses: number; play: boolean }
  | { kind: "goodbye" }
  | { kind: "voicemail" };

function stepName(step: Step): string | undefined {
  switch (step.kind) {
    case "start":
      return undefined;
    case "prompt":
      return `${step.play ? "p" : "g"}${step.n}.${step.misses}`;
    case "goodbye":
      return "bye";
    case "voicemail":
      return "vm";
  }
}

/**
 * The client_state of the script's first key prompt: when the voice agent fails on a
 * conversational reminder call, Telnyx asks for the key with this state and the script goes on.
 */
export function firstPromptState(callId: string): string {
  return encodeClientState({ callId, leg: "contact", step: stepName({ kind: "prompt", n: 1, misses: 0, play: false }) });
}

function parseStep(value: string | undefined): Step {
  if (value === "bye") return { kind: "goodbye" };
  if (value === "vm") return { kind: "voicemail" };
  const match = value?.match(/^([pg])(\d{1,2})\.(\d)$/);
  if (match) return { kind: "prompt", play: match[1] === "p", n: Number(match[2]), misses: Number(match[3]) };
  return { kind: "start" };
}

interface Plan {
  commands: Command[];
  /** Prompts played once these commands run. */
  prompts?: number;
  outcome?: Omit<AttemptResult, "endedAt" | "digits">;
}

/**
 * For a call.* event of a reminder call's leg: runs the script's next commands and records the
 * attempt's outcome when the event decides it. Returns the names of commands that failed (the
 * webhook job is retried); nothing for a call that is not a reminder's.
 */
export async function handleReminderCallEvent(
  deps: ReminderCallEventDeps,
  applied: Applied,
  webhook: StoredWebhook,
  p: CallPayload,
): Promise<string[]> {
  if (applied.call.direction !== "outbound" || applied.leg !== "contact") return [];
  // Only these move the script: any other event of any call costs no query here.
  if (!SCRIPT_EVENTS.has(webhook.eventType)) return [];
  const found = await reminderOnCall(deps, applied.call);
  if (!found) return [];
  const hungUp = webhook.eventType === "call.hangup";
  const reminder: ReminderOnCall = {
    ...found,
    voiced: !!deps.voice,
    agentStreamUrl: deps.receptionist?.streamUrl && missingVoiceKeys(deps.receptionist.keys).length === 0 ? deps.receptionist.streamUrl : null,
    machine: hungUp && (await machineAnswered(deps, applied.call.id)),
    keys: hungUp ? await pressedKeys(deps, applied.call.id) : null,
  };
  const callControlId = p.call_control_id ?? applied.derived.legs.contact.callControlId;
  if (!callControlId) return [];

  const step = parseStep(decodeClientState(p.client_state)?.step);
  const plan = planReminderCall(reminder, webhook.eventType, step, p, applied, callControlId);
  if (plan.prompts) {
    await deps.db.reminderAttempt.updateMany({ where: { id: reminder.attemptId, prompts: { lt: plan.prompts } }, data: { prompts: plan.prompts } });
  }
  // The outcome first: a goodbye that fails to play must not leave the attempt open.
  if (plan.outcome) {
    const digits = await pressedKeys(deps, applied.call.id);
    const endedAt = applied.derived.endedAt ?? webhook.occurredAt ?? webhook.receivedAt;
    await recordAttemptOutcome(deps, reminder.attemptId, { ...plan.outcome, digits, endedAt });
  } else if (webhook.eventType === "call.gather.ended") {
    await deps.db.reminderAttempt.updateMany({ where: { id: reminder.attemptId }, data: { digits: await pressedKeys(deps, applied.call.id) } });
  }
  const failures: string[] = [];
  for (const command of plan.commands) {
    if ((await runCommand(deps, applied.call, webhook.id, command)) === "failed") failures.push(commandName(command));
  }
  return failures;
}

async function reminderOnCall(
  deps: Pick<ReminderCallEventDeps, "db">,
  call: { id: string; userId: string },
): Promise<Omit<ReminderOnCall, "voiced" | "agentStreamUrl" | "machine" | "keys"> | null> {
  const attempt = await deps.db.reminderAttempt.findFirst({
    where: { callId: call.id, userId: call.userId },
    select: {
      id: true,
      userId: true,
      outcome: true,
      prompts: true,
      occurrence: { select: { reminder: { select: { message: true, language: true, requireConfirmation: true, leaveVoicemail: true, conversational: true } } } },
    },
  });
  if (!attempt) return null;
  const { reminder } = attempt.occurrence;
  return { attemptId: attempt.id, userId: attempt.userId, outcome: attempt.outcome, prompts: attempt.prompts, ...reminder };
}

async function machineAnswered(deps: Pick<ReminderCallEventDeps, "db">, callId: string): Promise<boolean> {
  const detections = await deps.db.callEvent.findMany({
    where: { callId, eventType: { in: ["call.machine.detection.ended", "call.machine.premium.detection.ended"] } },
    select: { payload: true },
  });
  return detections.some((d) => (d.payload as unknown as CallEventPayload).result === "machine");
}

/** The keys pressed on the call, in order (from its gather events, so any retry agrees). */
async function pressedKeys(deps: Pick<ReminderCallEventDeps, "db">, callId: string): Promise<string | null> {
  const gathers = await deps.db.callEvent.findMany({
    where: { callId, eventType: "call.gather.ended" },
    orderBy: { occurredAt: "asc" },
    select: { payload: true },
  });
  const keys = gathers
    .map((g) => g.payload as unknown as CallEventPayload)
    .map((payload) => keyOf(payload.digits, payload.status))
    .filter(Boolean);
  return keys.length ? keys.join("") : null;
}

/** The one key a gather collected, when it is one we asked for. */
function keyOf(digits: string | null | undefined, status: string | null | undefined): "1" | "2" | null {
  if (status && status !== "valid") return null;
  const key = digits?.trim().charAt(0);
  return key === "1" || key === "2" ? key : null;
}

/** The script: what an event of a reminder call calls for. */
export function planReminderCall(
  reminder: ReminderOnCall,
  eventType: string,
  step: Step,
  p: CallPayload,
  applied: Applied,
  callControlId: string,
): Plan {
  const state = (next: Step) => encodeClientState({ callId: applied.call.id, leg: "contact", step: stepName(next) });
  const hangup = (name: string): Command => ({ action: "hangup", name, callControlId });
  const say = (name: string, text: string, next: Step): Command => ({
    action: "speak",
    name,
    callControlId,
    text,
    language: reminder.language,
    clientState: state(next),
  });
  const words = callPrompts(reminder.language);
  const prompt = (n: number, misses: number, full: boolean, voiced: boolean): Plan => {
    const question = reminder.requireConfirmation ? words.confirm : words.acknowledge;
    const text = full ? `${reminder.message} ${question}` : question;
    // With a voice, the audio plays first and the gather starts when it has ended.
    const commands: Command[] = voiced
      ? [say(`play_prompt_${n}`, text, { kind: "prompt", n, misses, play: true })]
      : [gather(n, misses, text)];
    return { commands, prompts: n };
  };
  const gather = (n: number, misses: number, text?: string): Command => ({
    action: "gather",
    name: `gather_${n}`,
    callControlId,
    ...(text ? { text, language: reminder.language } : {}),
    validDigits: "12",
    maxDigits: 1,
    timeoutMillis: KEY_TIMEOUT_MS,
    clientState: state({ kind: "prompt", n, misses, play: false }),
  });
  const open = reminder.outcome === null;
  const voiced = reminder.voiced;

  switch (eventType) {
    case "call.machine.detection.ended":
    case "call.machine.premium.detection.ended": {
      if (!open || step.kind !== "start") return { commands: [] };
      if (p.result === "machine") {
        // Leaving a voicemail waits for the greeting to end (call.machine.greeting.ended).
        if (reminder.leaveVoicemail) return { commands: [] };
        return { commands: [hangup("hangup_machine")], outcome: { outcome: "machine", reason: "answering machine" } };
      }
      // A person, or not sure: better heard by a person than hung up on.
      if (reminder.conversational && reminder.agentStreamUrl) {
        // The voice agent talks with them and records the confirmation itself (voice/reminder);
        // if it fails mid-call it hands back to prompt 1 of this script (its gather's client_state).
        const stream: Command = {
          action: "stream_start",
          name: "stream_reminder",
          callControlId,
          streamUrl: reminder.agentStreamUrl,
          purpose: "reminder",
          clientState: state({ kind: "start" }),
        };
        return { commands: [stream], prompts: 1 };
      }
      return prompt(1, 0, true, voiced);
    }
    case "call.machine.greeting.ended":
    case "call.machine.premium.greeting.ended":
      if (!open || !reminder.leaveVoicemail || step.kind !== "start") return { commands: [] };
      return { commands: [say("speak_voicemail", reminder.message, { kind: "voicemail" })] };
    case "call.gather.ended": {
      if (!open || step.kind !== "prompt" || p.status === "call_hangup") return { commands: [] };
      const key = keyOf(p.digits, p.status);
      if (key === "1") {
        return { commands: [say("speak_goodbye", words.thanks, { kind: "goodbye" })], outcome: { outcome: "confirmed" } };
      }
      if (key === "2" && step.n < MAX_PROMPTS) return prompt(step.n + 1, 0, true, voiced);
      const misses = key === "2" ? step.misses : step.misses + 1;
      if (misses < UNANSWERED_PROMPTS && step.n < MAX_PROMPTS) return prompt(step.n + 1, misses, false, voiced);
      const reason = misses >= UNANSWERED_PROMPTS ? `no key after ${misses} prompts in a row` : `not confirmed after ${step.n} prompts`;
      return { commands: [say("speak_goodbye", words.goodbye, { kind: "goodbye" })], outcome: unconfirmed(reminder, reason) };
    }
    case "call.speak.ended":
    case "call.playback.ended":
      if (step.kind === "goodbye") return { commands: [hangup("hangup_goodbye")] };
      if (step.kind === "voicemail") {
        const left = !p.status || p.status === "completed";
        return {
          commands: [hangup("hangup_voicemail")],
          ...(open && left ? { outcome: { outcome: "voicemail" as const, reason: "message left on the answering machine" } } : {}),
        };
      }
      if (step.kind === "prompt" && step.play && open) return { commands: [gather(step.n, step.misses)] };
      return { commands: [] };
    case "call.hangup":
      return open ? { commands: [], outcome: hangupOutcome(reminder, applied) } : { commands: [] };
    default:
      return { commands: [] };
  }
}

function unconfirmed(reminder: ReminderOnCall, reason: string): Omit<AttemptResult, "endedAt" | "digits"> {
  return reminder.requireConfirmation ? { outcome: "answered_unconfirmed", reason } : { outcome: "delivered", reason };
}

/** The call ended before the script decided: why, from the call as derived from all its events. */
function hangupOutcome(reminder: ReminderOnCall, applied: Applied): Omit<AttemptResult, "endedAt" | "digits"> {
  const { derived } = applied;
  const cause = derived.hangupCause ?? "unknown";
  if (!derived.answeredAt) {
    switch (derived.status) {
      case "busy":
        return { outcome: "busy", reason: `busy (${cause})` };
      case "no_answer":
        return { outcome: "no_answer", reason: `no answer (${cause})` };
      default:
        return { outcome: "failed", reason: `the call failed (${cause})` };
    }
  }
  if (reminder.machine) return { outcome: "machine", reason: "answering machine" };
  // The hangup can be handled before the key press that preceded it (events run in parallel jobs).
  if (reminder.keys?.includes("1")) return { outcome: "confirmed" };
  // Hung up before pressing a key: heard at least part of it when a prompt had started.
  return reminder.prompts > 0 ? unconfirmed(reminder, "hung up without a key") : { outcome: "answered_unconfirmed", reason: "hung up before the message" };
}
