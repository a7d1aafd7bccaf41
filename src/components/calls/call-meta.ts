import type { Badge } from "~/components/ui/badge";
import { contactDisplayName } from "~/lib/contact-name";
import { humanize, type PhoneFormat } from "~/lib/format";
import type { AGENT_SPEAKER, CALLER_SPEAKER, LIVE_TRANSCRIPT_PROVIDER } from "~/server/voice/record";

/** Display metadata for calls: status names and badges, direction icons, counterpart labels. */

export type CallStatus =
  | "initiated"
  | "ringing"
  | "in_progress"
  | "completed"
  | "missed"
  | "voicemail"
  | "busy"
  | "no_answer"
  | "failed";
export type CallDirection = "inbound" | "outbound";

type BadgeVariant = React.ComponentProps<typeof Badge>["variant"];

export const CALL_STATUS: Record<CallStatus, { label: string; variant: BadgeVariant }> = {
  initiated: { label: "In progress", variant: "success" },
  ringing: { label: "Ringing", variant: "success" },
  in_progress: { label: "In progress", variant: "success" },
  completed: { label: "Completed", variant: "secondary" },
  missed: { label: "Missed", variant: "destructive" },
  voicemail: { label: "Voicemail", variant: "warning" },
  busy: { label: "Busy", variant: "outline" },
  no_answer: { label: "No answer", variant: "outline" },
  failed: { label: "Failed", variant: "outline" },
};

/** The status filter's choices; "In progress" covers every state of a call not yet over. */
export const STATUS_FILTERS: Array<{ value: string; label: string; statuses: CallStatus[] }> = [
  { value: "completed", label: "Completed", statuses: ["completed"] },
  { value: "missed", label: "Missed", statuses: ["missed"] },
  { value: "voicemail", label: "Voicemail", statuses: ["voicemail"] },
  { value: "busy", label: "Busy", statuses: ["busy"] },
  { value: "no_answer", label: "No answer", statuses: ["no_answer"] },
  { value: "failed", label: "Failed", statuses: ["failed"] },
  { value: "in_progress", label: "In progress", statuses: ["initiated", "ringing", "in_progress"] },
];

export function callStatusMeta(status: string) {
  return CALL_STATUS[status as CallStatus] ?? { label: humanize(status), variant: "outline" as BadgeVariant };
}

export function isCallActive(status: string) {
  return status === "initiated" || status === "ringing" || status === "in_progress";
}

/** Which icon a call gets: its outcome when that is notable, else its direction. */
export function callIconName(call: { direction: string; status: string }): "missed" | "voicemail" | "failed" | "inbound" | "outbound" {
  if (call.status === "missed") return "missed";
  if (call.status === "voicemail") return "voicemail";
  if (call.status === "failed" || call.status === "busy" || call.status === "no_answer") return "failed";
  return call.direction === "inbound" ? "inbound" : "outbound";
}

export function directionLabel(direction: string) {
  return direction === "inbound" ? "Inbound" : "Outbound";
}

export interface CallPeople {
  contact: { id: string; firstName: string; lastName: string | null } | null;
  counterpartNumber: string;
}

/** "Ada Lovelace", or the number (as the user reads it) for an unknown caller. */
export function callTitle(call: CallPeople, phone: PhoneFormat) {
  if (call.contact) return contactDisplayName(call.contact);
  return phone(call.counterpartNumber) || "Unknown number";
}

/** What the call page calls the voice agent when the call does not name it. */
export const RECEPTIONIST_NAME = "Receptionist";

/**
 * The receptionist's live transcript: its provider and its sides, as src/server/voice/record.ts
 * writes them. Copied, as server values stay on the server; typed by that module's constants, so
 * the copy stops compiling if they change.
 */
export const LIVE_TRANSCRIPT: {
  provider: typeof LIVE_TRANSCRIPT_PROVIDER;
  caller: typeof CALLER_SPEAKER;
  agent: typeof AGENT_SPEAKER;
} = { provider: "voice-agent", caller: 0, agent: 1 };

/** Plain-language reason a call failed or was not placed ("Not sent: TELNYX_API_KEY not set"). */
export function sentence(text: string) {
  const trimmed = text.trim();
  return trimmed ? trimmed.charAt(0).toUpperCase() + trimmed.slice(1) : trimmed;
}

interface SpeakerCall extends CallPeople {
  status: string;
  events: Array<{ eventType: string; payload: unknown }>;
  /** Names the user gave speakers the call does not name, by speaker number ("0", "1", …). */
  speakerNames: Record<string, string>;
  /** "voice-agent" when the receptionist's own conversation is the transcript. */
  transcriptProvider?: string | null;
}

export interface TranscriptSpeaker {
  /** What the transcript calls the speaker. */
  name: string;
  /** A speaker the call does not name, whom the user may name: what it is called without a name. */
  unnamed: string | null;
}

/**
 * Who speaks on each transcript speaker, as `(speaker) => { name, unnamed }`. A dual-channel
 * recording (what Switchboard records) has one party per channel, transcribed per channel: it is
 * started on the other party's leg, which Telnyx puts on the first channel, so speaker 0 is the
 * contact and speaker 1 is "You", or, on a voicemail, Switchboard's greeting. Other recordings
 * keep the diarizer's "Speaker N", since which voice is whose is not known. Those speakers, and
 * a caller with no contact (called by their number), take the name the user gave them, if any.
 * The receptionist's live transcript knows its sides whatever the recording: the caller is 0 and
 * the agent 1, under the name the agent gave itself (not "You": the user was not on the call).
 */
export function transcriptSpeakers(call: SpeakerCall, phone: PhoneFormat): (speaker: number) => TranscriptSpeaker {
  const dual = call.events.some(
    (e) => e.eventType === "call.recording.saved" && (e.payload as { recording?: { channels?: string | null } } | null)?.recording?.channels === "dual",
  );
  const unknown = (speaker: number, fallback: string): TranscriptSpeaker => ({
    name: call.speakerNames[String(speaker)] ?? fallback,
    unnamed: fallback,
  });
  const numbered = (speaker: number) => unknown(speaker, `Speaker ${speaker + 1}`);
  const them = (): TranscriptSpeaker =>
    call.contact ? { name: contactDisplayName(call.contact), unnamed: null } : unknown(0, callTitle(call, phone));
  if (call.transcriptProvider === LIVE_TRANSCRIPT.provider) {
    const agent: TranscriptSpeaker = { name: call.speakerNames[String(LIVE_TRANSCRIPT.agent)] || RECEPTIONIST_NAME, unnamed: null };
    return (speaker) => (speaker === LIVE_TRANSCRIPT.caller ? them() : speaker === LIVE_TRANSCRIPT.agent ? agent : numbered(speaker));
  }
  if (!dual) return numbered;
  const us: TranscriptSpeaker = { name: call.status === "voicemail" ? "Switchboard" : "You", unnamed: null };
  return (speaker) => (speaker === 0 ? them() : speaker === 1 ? us : numbered(speaker));
}
