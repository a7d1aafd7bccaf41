import type { CallStatus, Direction } from "~/generated/prisma/enums";
import type { LegRole } from "~/server/telephony/client-state";
import { answeringLeg } from "~/lib/call-answer";

/**
 * The call state machine, as a pure function of the call's provider events.
 *
 * Telnyx delivers events late, twice and out of order. Instead of applying transitions in
 * arrival order, every event is stored on the call's timeline and the call's fields are derived
 * from the whole set each time (first answer, first hangup, latest recording, by `occurred_at`).
 * Any arrival order of the same events therefore ends in the same state.
 *
 * Legs. Inbound: the `caller` leg (answered by Switchboard, which greets and records) and, when
 * the user has a personal phone, a `user` leg dialed to it and bridged on answer. Outbound
 * (click-to-call): the `user` leg rings the user's phone first; when it answers, the `contact` leg
 * is dialed and bridged on answer. The counterpart leg is `caller` inbound, `contact` outbound.
 *
 * Outcomes:
 *  - inbound: completed when the user's phone answered before the caller hung up; voicemail when
 *    it did not, Switchboard answered, a recording was saved and the caller was in voicemail mode
 *    (no forwarding leg, or the forwarding leg ended unanswered before the caller hung up);
 *    otherwise missed (busy / failed for those hangup causes).
 *  - outbound: completed when the contact answered; busy, no_answer or failed from the contact
 *    leg's hangup cause; failed when the contact was never dialed (the user's phone did not
 *    answer, or dialing failed).
 */

export type Leg = LegRole | "unknown";

export interface RecordingInfo {
  id: string | null;
  mp3: string | null;
  wav: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  channels: string | null;
}

export interface DerivationEvent {
  eventType: string;
  occurredAt: Date;
  leg: Leg;
  callControlId: string | null;
  hangupCause: string | null;
  hangupSource: string | null;
  recording: RecordingInfo | null;
}

export interface LegState {
  seen: boolean;
  callControlId: string | null;
  initiatedAt: Date | null;
  answeredAt: Date | null;
  hangupAt: Date | null;
  hangupCause: string | null;
  hangupSource: string | null;
}

export interface DerivedCall {
  status: CallStatus;
  ended: boolean;
  /** Earliest provider event (null without any). */
  firstEventAt: Date | null;
  lastEventAt: Date | null;
  /** A person answered: the user's phone (inbound) or the contact (outbound). */
  answeredAt: Date | null;
  /** Inbound: Switchboard answered the caller (greeting, recording). */
  machineAnsweredAt: Date | null;
  endedAt: Date | null;
  durationSeconds: number | null;
  hangupCause: string | null;
  hangupSource: string | null;
  recording: RecordingInfo | null;
  legs: Record<LegRole, LegState>;
}

/** Busy signals. */
const BUSY_CAUSES = new Set(["user_busy"]);
/** The call could not be placed or routed at all. */
const FAILED_CAUSES = new Set(["not_found", "call_rejected", "unallocated_number", "invalid_number_format", "destination_out_of_order"]);

const RANK: Record<string, number> = { "call.initiated": 0, "call.answered": 1, "call.bridged": 2, "call.recording.saved": 3, "call.hangup": 4 };

export function sortEvents<T extends { occurredAt: Date; eventType: string }>(events: T[]): T[] {
  return [...events].sort(
    (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (RANK[a.eventType] ?? 5) - (RANK[b.eventType] ?? 5),
  );
}

const emptyLeg = (): LegState => ({
  seen: false,
  callControlId: null,
  initiatedAt: null,
  answeredAt: null,
  hangupAt: null,
  hangupCause: null,
  hangupSource: null,
});

const earlier = (a: Date | null, b: Date): Date => (a && a.getTime() <= b.getTime() ? a : b);
const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
const before = (a: Date | null, b: Date | null) => !!a && (!b || a.getTime() <= b.getTime());

export function deriveCall(direction: Direction, events: DerivationEvent[]): DerivedCall {
  const legs: Record<LegRole, LegState> = { caller: emptyLeg(), user: emptyLeg(), contact: emptyLeg() };
  let firstEventAt: Date | null = null;
  let lastEventAt: Date | null = null;
  let recording: RecordingInfo | null = null;
  let recordingAt: Date | null = null;

  for (const event of sortEvents(events)) {
    firstEventAt = earlier(firstEventAt, event.occurredAt);
    if (!lastEventAt || event.occurredAt > lastEventAt) lastEventAt = event.occurredAt;
    if (event.eventType === "call.recording.saved" && event.recording && (event.recording.mp3 || event.recording.wav)) {
      const at = event.recording.endedAt ?? event.occurredAt;
      if (!recordingAt || at >= recordingAt) {
        recording = event.recording;
        recordingAt = at;
      }
    }
    if (event.leg === "unknown") continue;
    const leg = legs[event.leg];
    leg.seen = true;
    leg.callControlId ??= event.callControlId;
    switch (event.eventType) {
      case "call.initiated":
        leg.initiatedAt = earlier(leg.initiatedAt, event.occurredAt);
        break;
      case "call.answered":
        leg.answeredAt = earlier(leg.answeredAt, event.occurredAt);
        break;
      case "call.hangup":
        // The first hangup of a leg is its end; a re-delivered or later one changes nothing.
        if (!leg.hangupAt || event.occurredAt < leg.hangupAt) {
          leg.hangupAt = event.occurredAt;
          leg.hangupCause = event.hangupCause;
          leg.hangupSource = event.hangupSource;
        }
        break;
    }
  }

  const base = { firstEventAt, lastEventAt, recording, legs };
  return direction === "inbound" ? deriveInbound(base) : deriveOutbound(base);
}

type Base = Pick<DerivedCall, "firstEventAt" | "lastEventAt" | "recording" | "legs">;

function deriveInbound(base: Base): DerivedCall {
  const { caller, user } = base.legs;
  const endedAt = caller.hangupAt;
  // The user picked up only if it happened while the caller was still there.
  const answer = base.legs[answeringLeg("inbound")].answeredAt;
  const answeredAt = answer && before(answer, endedAt) ? answer : null;
  const machineAnsweredAt = caller.answeredAt && before(caller.answeredAt, endedAt) ? caller.answeredAt : null;
  let status: CallStatus;
  let durationSeconds: number | null = null;
  if (!endedAt) {
    status = answeredAt || machineAnsweredAt ? "in_progress" : "ringing";
  } else if (answeredAt) {
    status = "completed";
    durationSeconds = seconds(answeredAt, endedAt);
  } else {
    const voicemailMode = !user.seen || (!!user.hangupAt && !user.answeredAt && before(user.hangupAt, endedAt));
    if (machineAnsweredAt && base.recording && voicemailMode) {
      status = "voicemail";
      durationSeconds = seconds(machineAnsweredAt, endedAt);
    } else {
      const cause = caller.hangupCause ?? "";
      status = BUSY_CAUSES.has(cause) ? "busy" : FAILED_CAUSES.has(cause) ? "failed" : "missed";
      durationSeconds = 0;
    }
  }
  return {
    ...base,
    status,
    ended: !!endedAt,
    answeredAt,
    machineAnsweredAt,
    endedAt,
    durationSeconds,
    hangupCause: caller.hangupCause,
    hangupSource: caller.hangupSource,
  };
}

function deriveOutbound(base: Base): DerivedCall {
  const { user, contact } = base.legs;
  // In a two-party bridge the conversation ends with the first leg to hang up.
  const hangups = [user.hangupAt, contact.hangupAt].filter((d): d is Date => !!d);
  const endedAt = hangups.length ? new Date(Math.min(...hangups.map((d) => d.getTime()))) : null;
  const answer = base.legs[answeringLeg("outbound")].answeredAt;
  const answeredAt = answer && before(answer, endedAt) ? answer : null;
  let status: CallStatus;
  let durationSeconds: number | null = null;
  const endingLeg = contact.hangupAt ? contact : user;
  if (!endedAt) {
    status = answeredAt ? "in_progress" : contact.seen || user.seen ? "ringing" : "initiated";
  } else if (answeredAt) {
    status = "completed";
    durationSeconds = seconds(answeredAt, endedAt);
  } else if (contact.seen) {
    // A contact who declines (call_rejected) is as good as busy; unreachable numbers failed.
    const cause = contact.hangupCause ?? "";
    status = BUSY_CAUSES.has(cause) || cause === "call_rejected" ? "busy" : FAILED_CAUSES.has(cause) ? "failed" : "no_answer";
    durationSeconds = 0;
  } else {
    // The contact was never dialed: the user's own phone did not answer (or dialing failed).
    status = "failed";
    durationSeconds = 0;
  }
  return {
    ...base,
    status,
    ended: !!endedAt,
    answeredAt,
    machineAnsweredAt: null,
    endedAt,
    durationSeconds,
    hangupCause: endedAt ? endingLeg.hangupCause : null,
    hangupSource: endedAt ? endingLeg.hangupSource : null,
  };
}
