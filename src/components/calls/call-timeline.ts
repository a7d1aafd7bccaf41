import { answeringLeg } from "~/lib/call-answer";
import { humanize, type PhoneFormat } from "~/lib/format";
import { sentence } from "./call-meta";

/**
 * A call's timeline in plain language: Telnyx's events ("Answered", "Hung up") and the commands
 * Switchboard sent, or could not send ("Answer the call — Not sent: TELNYX_API_KEY not set").
 */

export interface TimelineEvent {
  id: string;
  eventType: string;
  occurredAt: Date;
  payload: unknown;
}

export type Tone = "default" | "success" | "warning" | "error" | "muted";

export interface DescribedEvent {
  id: string;
  at: Date;
  /** "provider": reported by Telnyx; "intent": a command we sent (or could not send). */
  kind: "provider" | "intent";
  title: string;
  detail: string | null;
  tone: Tone;
}

type Leg = "caller" | "user" | "contact" | "unknown";

interface ProviderPayload {
  leg?: Leg;
  from?: string;
  to?: string;
  hangupCause?: string;
  hangupSource?: string;
  recording?: { channels?: string | null; startedAt?: string | null; endedAt?: string | null };
}

interface IntentPayload {
  status?: "sent" | "not_sent" | "rejected" | "failed";
  leg?: Leg;
  to?: string;
  reason?: string;
  error?: string;
  /** Set when the words were played as ElevenLabs audio instead of Telnyx speech. */
  voice?: "elevenlabs";
}

const HANGUP_CAUSES: Record<string, string> = {
  normal_clearing: "normal hang-up",
  originator_cancel: "the caller hung up before an answer",
  user_busy: "busy",
  timeout: "no answer",
  no_answer: "no answer",
  call_rejected: "rejected",
  unallocated_number: "the number does not exist",
  not_found: "the number was not found",
  normal_temporary_failure: "a temporary network failure",
};

const HANGUP_SOURCES: Record<string, string> = { caller: "by the caller", callee: "by the other party" };

function whose(leg: Leg | undefined): string {
  switch (leg) {
    case "user":
      return "Your phone";
    case "contact":
      return "The contact";
    case "caller":
      return "The caller";
    default:
      return "The call";
  }
}

/** What one of our commands does, as an instruction and as a done thing. */
const INTENTS: Record<string, { todo: string; done: string }> = {
  answer: { todo: "Answer the call", done: "Answered" },
  record_start: { todo: "Start recording", done: "Recording started" },
  speak_greeting: { todo: "Speak the greeting", done: "Greeting spoken" },
  speak_voicemail_prompt: { todo: "Ask the caller to leave a message", done: "Asked the caller to leave a message" },
  dial_user: { todo: "Ring your phone", done: "Rang your phone" },
  dial_contact: { todo: "Call the contact", done: "Called the contact" },
  hangup_other_leg: { todo: "Hang up the other leg", done: "Hung up the other leg" },
  hangup: { todo: "Hang up", done: "Hung up" },
};

/** What describing an event needs of its call: which way it went, and how the user reads numbers. */
export interface TimelineCall {
  direction: "inbound" | "outbound";
  formatPhone: PhoneFormat;
}

function describeIntent(name: string, payload: IntentPayload, { formatPhone }: TimelineCall): Omit<DescribedEvent, "id" | "at" | "kind"> {
  const known = INTENTS[name] ?? { todo: humanize(name), done: humanize(name) };
  const to = payload.to ? formatPhone(payload.to) : null;
  const target = to && (name === "dial_user" || name === "dial_contact") ? ` (${to})` : "";
  switch (payload.status) {
    case "sent":
      return {
        title: `${known.done}${target}`,
        detail: payload.voice === "elevenlabs" ? "ElevenLabs audio sent to Telnyx." : "Command sent to Telnyx.",
        tone: "default",
      };
    case "not_sent":
      return {
        title: `${known.todo}${target}`,
        detail: sentence(payload.reason ?? "Not sent."),
        tone: "warning",
      };
    case "rejected":
      return {
        title: `${known.todo}${target}`,
        detail: `Rejected by Telnyx: ${payload.error ?? "no reason given"}`,
        tone: "error",
      };
    case "failed":
      return {
        title: `${known.todo}${target}`,
        detail: `Failed: ${payload.error ?? "no reason given"} (retried automatically)`,
        tone: "error",
      };
    default:
      return { title: known.todo, detail: null, tone: "muted" };
  }
}

function describeProvider(eventType: string, p: ProviderPayload, call: TimelineCall): Omit<DescribedEvent, "id" | "at" | "kind"> {
  const { formatPhone } = call;
  const leg = p.leg;
  switch (eventType) {
    case "call.initiated":
      if (leg === "caller") return { title: `Incoming call${p.from ? ` from ${formatPhone(p.from)}` : ""}`, detail: null, tone: "default" };
      if (leg === "user") return { title: "Your phone is ringing", detail: p.to ? formatPhone(p.to) : null, tone: "default" };
      if (leg === "contact") return { title: `Calling ${p.to ? formatPhone(p.to) : "the contact"}`, detail: null, tone: "default" };
      return { title: "Call started", detail: null, tone: "default" };
    case "call.answered":
      // Only the answering leg's pick-up is "Answered", the moment the details show (see answeringLeg).
      if (leg === answeringLeg(call.direction)) {
        return { title: leg === "user" ? "Answered: you picked up" : "Answered: the contact picked up", detail: null, tone: "success" };
      }
      if (leg === "caller") return { title: "Switchboard answered", detail: null, tone: "default" };
      if (leg === "user") return { title: "You picked up", detail: null, tone: "default" };
      if (leg === "contact") return { title: "The contact picked up", detail: null, tone: "default" };
      return { title: "Picked up", detail: null, tone: "default" };
    case "call.bridged":
      return { title: "Connected", detail: null, tone: "success" };
    case "call.hangup": {
      const cause = p.hangupCause ? (HANGUP_CAUSES[p.hangupCause] ?? humanize(p.hangupCause).toLowerCase()) : null;
      const source = p.hangupSource ? HANGUP_SOURCES[p.hangupSource] : undefined;
      const detail = [cause ? sentence(cause) : null, source].filter(Boolean).join(", ");
      const title = leg === "user" || leg === "contact" ? `${whose(leg)} hung up` : "Hung up";
      return { title, detail: detail || null, tone: p.hangupCause && p.hangupCause !== "normal_clearing" ? "warning" : "default" };
    }
    case "call.recording.saved":
      return {
        title: "Recording saved",
        detail: p.recording?.channels === "dual" ? "Dual channel (one per party)" : null,
        tone: "success",
      };
    case "call.recording.error":
      return { title: "Recording failed", detail: null, tone: "error" };
    case "call.speak.started":
      return { title: "Speaking started", detail: null, tone: "muted" };
    case "call.speak.ended":
      return { title: "Speaking ended", detail: null, tone: "muted" };
    case "call.playback.started":
      return { title: "Playback started", detail: null, tone: "muted" };
    case "call.playback.ended":
      return { title: "Playback ended", detail: null, tone: "muted" };
    case "call.machine.detection.ended":
      return { title: "Answering machine detection finished", detail: null, tone: "muted" };
    case "call.dtmf.received":
      return { title: "Key pressed", detail: null, tone: "muted" };
    default:
      return { title: humanize(eventType.replace(/^call\./, "").replace(/\./g, " ")), detail: null, tone: "muted" };
  }
}

export function describeEvent(event: TimelineEvent, call: TimelineCall): DescribedEvent {
  const at = event.occurredAt instanceof Date ? event.occurredAt : new Date(event.occurredAt);
  if (event.eventType.startsWith("intent.")) {
    const described = describeIntent(event.eventType.slice("intent.".length), (event.payload ?? {}) as IntentPayload, call);
    return { id: event.id, at, kind: "intent", ...described };
  }
  const described = describeProvider(event.eventType, (event.payload ?? {}) as ProviderPayload, call);
  return { id: event.id, at, kind: "provider", ...described };
}
