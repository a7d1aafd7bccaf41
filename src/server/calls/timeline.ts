import type { Leg } from "./derive";

/**
 * What a call's timeline rows (CallEvent) hold: the provider events applied to it and our own
 * intents (the commands we sent, or would have sent without a key), with the ids that make a
 * retried job find the intent it already recorded.
 */

/** What a CallEvent row keeps of a provider event (the raw event stays in WebhookEvent). */
export interface CallEventPayload {
  leg: Leg;
  callControlId?: string;
  callLegId?: string;
  callSessionId?: string;
  from?: string;
  to?: string;
  direction?: string;
  state?: string;
  hangupCause?: string;
  hangupSource?: string;
  sipHangupCause?: string;
  /** Answering-machine detection's verdict (human, machine, not_sure; beep_detected...). */
  result?: string;
  /** Keys a gather collected; `status`: how a gather, speak or playback ended (valid, timeout, completed...). */
  digits?: string;
  status?: string;
  recording?: { id: string | null; mp3: string | null; wav: string | null; startedAt: string | null; endedAt: string | null; channels: string | null };
}

/** Intents (commands we sent, or would have sent without a key) on the same timeline. */
export interface IntentPayload {
  status: "sent" | "not_sent" | "rejected" | "failed";
  commandId: string;
  leg?: Leg;
  to?: string;
  reason?: string;
  error?: string;
  /** A dial's new leg. */
  callControlId?: string;
}

/** The payload without its empty fields (the timeline stores only what was said). */
export const compactPayload = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined && v !== "")) as T;

/** The intent row of click-to-call's first dial (one per call). */
export function dialIntentId(callId: string): string {
  return `intent_dial_${callId}`;
}

export function intentId(webhookEventId: string, name: string): string {
  return `intent_${webhookEventId}_${name}`;
}
