import { z } from "zod";

/**
 * Telnyx's webhook envelope (API v2):
 *   { data: { event_type, id, occurred_at, record_type: "event", payload: {...} }, meta: {...} }
 * Parsed leniently: Telnyx adds fields over time, and a stored event must never be lost to a
 * stricter schema than the one we act on.
 */

/** The provider name stored on WebhookEvent and WebhookRejection rows. */
export const TELNYX_PROVIDER = "telnyx";

const str = z.string().max(4096).nullish();

export const envelopeSchema = z.object({
  data: z.looseObject({
    id: z.string().trim().min(1).max(200),
    event_type: z.string().trim().min(1).max(200),
    occurred_at: z.string().max(100).nullish(),
    record_type: z.string().max(100).nullish(),
    payload: z.record(z.string(), z.unknown()).nullish(),
  }),
});

export type TelnyxEnvelope = z.infer<typeof envelopeSchema> & { meta?: unknown };

const recordingUrls = z.looseObject({ mp3: str, wav: str }).nullish();

export const callPayloadSchema = z.looseObject({
  call_control_id: str,
  call_leg_id: str,
  call_session_id: str,
  connection_id: str,
  client_state: str,
  from: str,
  to: str,
  /** "incoming" | "outgoing" */
  direction: str,
  state: str,
  start_time: str,
  end_time: str,
  hangup_cause: str,
  hangup_source: str,
  sip_hangup_cause: str,
  recording_id: str,
  channels: str,
  recording_started_at: str,
  recording_ended_at: str,
  recording_urls: recordingUrls,
  public_recording_urls: recordingUrls,
  /** call.machine.detection.ended: human | machine | not_sure; call.machine.greeting.ended: beep_detected | ended | not_sure. */
  result: str,
  /** call.gather.ended: the keys pressed, and why it ended (valid, invalid, timeout, call_hangup, cancelled). */
  digits: str,
  status: str,
});
export type CallPayload = z.infer<typeof callPayloadSchema>;

const messageParty = z.looseObject({ phone_number: str, status: str, carrier: str, line_type: str });

export const messagePayloadSchema = z.looseObject({
  id: str,
  /** "inbound" | "outbound" */
  direction: str,
  type: str,
  text: z.string().max(100_000).nullish(),
  from: messageParty.nullish(),
  to: z.array(messageParty).max(100).nullish(),
  media: z
    .array(z.looseObject({ url: str, content_type: str, size: z.number().nullish(), hash_sha256: str }))
    .max(50)
    .nullish(),
  errors: z.array(z.looseObject({ code: z.union([z.string(), z.number()]).nullish(), title: str, detail: str })).nullish(),
  messaging_profile_id: str,
  received_at: str,
  sent_at: str,
  completed_at: str,
});
export type MessagePayload = z.infer<typeof messagePayloadSchema>;

/** Answering-machine detection and key-press events: a reminder call is driven by them (reminders/call-events.ts). */
export const CALL_SCRIPT_EVENTS = [
  "call.machine.detection.ended",
  "call.machine.premium.detection.ended",
  "call.machine.greeting.ended",
  "call.machine.premium.greeting.ended",
  "call.gather.ended",
  "call.speak.ended",
  "call.playback.ended",
] as const;

/** Call Control events that move the state machine. */
export const CALL_STATE_EVENTS = ["call.initiated", "call.answered", "call.hangup", "call.recording.saved"] as const;
export const MESSAGE_EVENTS = ["message.received", "message.sent", "message.finalized"] as const;

/**
 * Event types we process. Every other `call.*` event (bridged, speak, playback, recording
 * errors, machine detection) joins the call's timeline; anything else is stored and ignored.
 */
export function isHandledEventType(type: string): boolean {
  return type.startsWith("call.") || (MESSAGE_EVENTS as readonly string[]).includes(type);
}

/** A date from an ISO string, or null. */
export function parseDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
