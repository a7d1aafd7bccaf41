import type { Prisma } from "~/generated/prisma/client";
import type { Direction } from "~/generated/prisma/enums";
import type { Db, Tx } from "~/server/db";
import { idFromSeed } from "~/server/db/ids";
import { findContactByE164 } from "~/server/contacts/phone";
import { regionOf } from "~/server/contacts/normalize";
import { upsertKeyedNotification, withdrawKeyedNotification } from "~/server/notifications/inbox";
import type { Boss } from "~/server/queue/boss";
import { sendJobInTransaction } from "~/server/queue/outbox";
import { decodeClientState, type ClientState, type LegRole } from "~/server/telephony/client-state";
import { CALL_STATE_EVENTS, parseDate, type CallPayload } from "~/server/telephony/envelope";
import { contactName, displayNumber, normalizeNumber, touchContact } from "~/server/contacts/counterpart";
import type { StoredWebhook } from "~/server/telephony/types";
import { deriveCall, type DerivationEvent, type DerivedCall, type Leg, type RecordingInfo } from "./derive";
import { compactPayload, dialIntentId, type CallEventPayload } from "./timeline";

/**
 * Applying one provider event to its call, in one transaction: find the call (or start it),
 * lock it, insert the event on its timeline, re-derive the call from all its events, update the
 * row, queue the recording fetch and keep the missed-call notice in step. What to send Telnyx
 * in answer is call-control.ts's job.
 */

/** What applying an event needs. */
export interface ApplyEventDeps {
  db: Db;
  /** pg-boss sender: the recording fetch is queued in the transaction that applies the event. */
  jobs: () => Promise<Boss>;
}

function timelinePayload(p: CallPayload, leg: Leg): CallEventPayload {
  const urls = p.recording_urls ?? p.public_recording_urls;
  const recording =
    urls && (urls.mp3 || urls.wav)
      ? {
          id: p.recording_id ?? null,
          mp3: urls.mp3 ?? null,
          wav: urls.wav ?? null,
          startedAt: p.recording_started_at ?? null,
          endedAt: p.recording_ended_at ?? null,
          channels: p.channels ?? null,
        }
      : undefined;
  return compactPayload({
    leg,
    callControlId: p.call_control_id ?? undefined,
    callLegId: p.call_leg_id ?? undefined,
    callSessionId: p.call_session_id ?? undefined,
    from: p.from ?? undefined,
    to: p.to ?? undefined,
    direction: p.direction ?? undefined,
    state: p.state ?? undefined,
    hangupCause: p.hangup_cause ?? undefined,
    hangupSource: p.hangup_source ?? undefined,
    sipHangupCause: p.sip_hangup_cause ?? undefined,
    result: p.result ?? undefined,
    digits: p.digits ?? undefined,
    status: p.status ?? undefined,
    recording,
  });
}

function toDerivationEvent(row: { eventType: string; occurredAt: Date; payload: unknown }): DerivationEvent {
  const p = (row.payload ?? {}) as CallEventPayload;
  const recording: RecordingInfo | null = p.recording
    ? {
        id: p.recording.id,
        mp3: p.recording.mp3,
        wav: p.recording.wav,
        startedAt: parseDate(p.recording.startedAt),
        endedAt: parseDate(p.recording.endedAt),
        channels: p.recording.channels,
      }
    : null;
  return {
    eventType: row.eventType,
    occurredAt: row.occurredAt,
    leg: p.leg ?? "unknown",
    callControlId: p.callControlId ?? null,
    hangupCause: p.hangupCause ?? null,
    hangupSource: p.hangupSource ?? null,
    recording,
  };
}

/**
 * The id of the call a provider event starts, derived from its first leg's call_control_id: the
 * answer command can carry it in client_state before the row exists (answer-first.ts).
 */
export function callIdForControlId(callControlId: string): string {
  return idFromSeed(`telnyx-call:${callControlId}`);
}

/** The leg an event belongs to, for events without our client_state. */
function primaryLeg(direction: Direction): LegRole {
  return direction === "inbound" ? "caller" : "contact";
}

const callFields = {
  id: true,
  userId: true,
  direction: true,
  status: true,
  fromNumber: true,
  toNumber: true,
  counterpartNumber: true,
  contactId: true,
  phoneNumberId: true,
  startedAt: true,
  telnyxCallControlId: true,
  telnyxCallLegId: true,
  telnyxCallSessionId: true,
  recordingUrl: true,
} as const satisfies Prisma.CallSelect;
export type CallRow = Prisma.CallGetPayload<{ select: typeof callFields }>;

type Resolution = { call: CallRow; created: boolean } | { ignored: string };

async function findCall(tx: Tx, p: CallPayload, state: ClientState | null): Promise<CallRow | null> {
  if (state) {
    const byState = await tx.call.findUnique({ where: { id: state.callId }, select: callFields });
    if (byState) return byState;
  }
  if (p.call_control_id) {
    const byControlId = await tx.call.findUnique({ where: { telnyxCallControlId: p.call_control_id }, select: callFields });
    if (byControlId) return byControlId;
  }
  if (p.call_session_id) {
    // Legs we dialed with link_to share the session of the call they belong to.
    const bySession = await tx.call.findFirst({
      where: { telnyxCallSessionId: p.call_session_id },
      orderBy: { createdAt: "asc" },
      select: callFields,
    });
    if (bySession) return bySession;
  }
  return null;
}

async function resolveCall(tx: Tx, eventType: string, p: CallPayload, state: ClientState | null, occurredAt: Date): Promise<Resolution> {
  const found = await findCall(tx, p, state);
  if (found) return { call: found, created: false };
  // A call answered first (answer-first.ts) is named in client_state before its row exists: the
  // caller's next events may be applied before the call.initiated that creates it, and create it.
  const answeredFirst = !!state && !!p.call_control_id && state.callId === callIdForControlId(p.call_control_id);
  if (state && !answeredFirst) return { ignored: `the call of this event no longer exists (${state.callId})` };
  if (!(CALL_STATE_EVENTS as readonly string[]).includes(eventType)) return { ignored: "no call for this event" };
  const controlId = p.call_control_id;
  const direction: Direction | null = p.direction === "incoming" ? "inbound" : p.direction === "outgoing" ? "outbound" : null;
  if (!controlId || !direction || !p.from || !p.to) return { ignored: "no call for this event (and too little in it to start one)" };

  // The user's number is the called one inbound, the calling one outbound.
  const ours = direction === "inbound" ? p.to : p.from;
  const number = await tx.phoneNumber.findUnique({ where: { e164: normalizeNumber(ours, "US") }, select: { id: true, userId: true } });
  if (!number) return { ignored: `no user owns ${ours}` };

  // Two events of a new call processed at once must create it once.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`telnyx-call:${controlId}`}))`;
  const again = await tx.call.findUnique({ where: { telnyxCallControlId: controlId }, select: callFields });
  if (again) return { call: again, created: false };

  const region = await regionOf(tx, number.userId);
  const counterpart = normalizeNumber(direction === "inbound" ? p.from : p.to, region);
  const contact = await findContactByE164(tx, number.userId, counterpart);
  const call = await tx.call.create({
    data: {
      id: callIdForControlId(controlId),
      userId: number.userId,
      direction,
      status: "initiated",
      fromNumber: p.from,
      toNumber: p.to,
      counterpartNumber: counterpart,
      contactId: contact?.id ?? null,
      phoneNumberId: number.id,
      startedAt: occurredAt,
      telnyxCallControlId: controlId,
      telnyxCallLegId: p.call_leg_id ?? null,
      telnyxCallSessionId: p.call_session_id ?? null,
    },
    select: callFields,
  });
  return { call, created: true };
}

async function legOf(tx: Tx, call: CallRow, p: CallPayload, state: ClientState | null): Promise<Leg> {
  if (state && state.callId === call.id) return state.leg;
  const isPrimary =
    (!!p.call_control_id && p.call_control_id === call.telnyxCallControlId) || (!!p.call_leg_id && p.call_leg_id === call.telnyxCallLegId);
  if (isPrimary) {
    // Click-to-call's first leg rings the user; a call placed outside Switchboard has only the contact's.
    if (call.direction === "outbound") {
      const dialed = await tx.callEvent.findUnique({ where: { id: dialIntentId(call.id) }, select: { id: true } });
      return dialed ? "user" : "contact";
    }
    return primaryLeg(call.direction);
  }
  // Another event of the same leg may have told us (it carried the client_state).
  if (p.call_control_id) {
    const earlier = await tx.callEvent.findFirst({
      where: { callId: call.id, payload: { path: ["callControlId"], equals: p.call_control_id } },
      select: { payload: true },
    });
    const leg = (earlier?.payload as CallEventPayload | null)?.leg;
    if (leg && leg !== "unknown") return leg;
  }
  return "unknown";
}

export interface Applied {
  call: CallRow;
  leg: Leg;
  derived: DerivedCall;
  /** False when this webhook was applied before (a retried job). */
  inserted: boolean;
}

/** Applies one call event in one transaction; the caller then runs the commands it implies. */
export async function applyCallEvent(deps: ApplyEventDeps, webhook: StoredWebhook, p: CallPayload): Promise<Applied | { ignored: string }> {
  const occurredAt = webhook.occurredAt ?? webhook.receivedAt;
  const state = decodeClientState(p.client_state);
  const boss = webhook.eventType === "call.recording.saved" ? await deps.jobs() : null;

  return deps.db.$transaction(async (tx) => {
    const resolution = await resolveCall(tx, webhook.eventType, p, state, occurredAt);
    if ("ignored" in resolution) return resolution;
    // Every event of one call is applied one at a time. A call this transaction just created is
    // locked already (its row is not even visible to others) and was read back by its INSERT.
    if (!resolution.created) await tx.$queryRaw`SELECT 1 FROM "Call" WHERE "id" = ${resolution.call.id} FOR UPDATE`;
    const call = resolution.created
      ? resolution.call
      : ((await tx.call.findUniqueOrThrow({ where: { id: resolution.call.id }, select: callFields })) as CallRow);
    const leg = await legOf(tx, call, p, state);

    const insert = await tx.callEvent.createMany({
      data: [
        {
          userId: call.userId,
          callId: call.id,
          eventType: webhook.eventType,
          occurredAt,
          webhookEventId: webhook.id,
          payload: timelinePayload(p, leg) as unknown as Prisma.InputJsonValue,
        },
      ],
      skipDuplicates: true,
    });
    const inserted = insert.count === 1;

    const rows = await tx.callEvent.findMany({
      where: { callId: call.id, NOT: { eventType: { startsWith: "intent." } } },
      select: { eventType: true, occurredAt: true, payload: true },
    });
    const derived = deriveCall(call.direction, rows.map(toDerivationEvent));
    const recording = derived.recording;
    const recordingUrl = recording ? (recording.mp3 ?? recording.wav) : null;
    const startedAt =
      derived.firstEventAt && derived.firstEventAt < call.startedAt ? derived.firstEventAt : call.startedAt;
    // The call's Telnyx ids: the caller's leg inbound (set on creation); outbound, the first leg
    // we hear of (click-to-call: the user's leg, normally already known from the dial response).
    const isPrimary = call.direction === "outbound" || leg === "caller";

    const updated = await tx.call.update({
      where: { id: call.id },
      data: {
        status: derived.status,
        startedAt,
        answeredAt: derived.answeredAt,
        endedAt: derived.endedAt,
        durationSeconds: derived.durationSeconds,
        hangupCause: derived.hangupCause,
        hangupSource: derived.hangupSource,
        lastEventAt: derived.lastEventAt,
        ...(recording && recordingUrl
          ? {
              recordingUrl,
              telnyxRecordingId: recording.id,
              recordingFormat: recording.mp3 ? "mp3" : "wav",
              recordingSeconds:
                recording.startedAt && recording.endedAt
                  ? Math.max(0, Math.round((recording.endedAt.getTime() - recording.startedAt.getTime()) / 1000))
                  : null,
            }
          : {}),
        ...(isPrimary && !call.telnyxCallControlId && p.call_control_id ? { telnyxCallControlId: p.call_control_id } : {}),
        ...(isPrimary && !call.telnyxCallLegId && p.call_leg_id ? { telnyxCallLegId: p.call_leg_id } : {}),
        ...(!call.telnyxCallSessionId && p.call_session_id ? { telnyxCallSessionId: p.call_session_id } : {}),
      },
      select: callFields,
    });

    if (inserted && webhook.eventType === "call.recording.saved" && recordingUrl && boss) {
      await tx.call.update({ where: { id: call.id }, data: { fetchStatus: "pending" } });
      await sendJobInTransaction(boss, tx, "recording.fetch", { callId: call.id, userId: call.userId });
    }

    // A reminder call is Switchboard speaking, not the user keeping in touch: a daily medication
    // call to Mom must not keep "stay in touch with Mom" from ever firing.
    const reminderCall = call.direction === "outbound" && call.contactId !== null && (await tx.reminderAttempt.count({ where: { callId: call.id } })) > 0;
    if (!reminderCall) await touchContact(deps, tx, call.userId, call.contactId, startedAt);
    if (call.direction === "inbound") await syncCallNotification(tx, updated, derived);
    return { call: updated, leg, derived, inserted };
  });
}

/** One notice per inbound call that did not reach the user: missed, or voicemail. */
async function syncCallNotification(tx: Tx, call: CallRow, derived: DerivedCall): Promise<void> {
  const dedupeKey = `call:${call.id}`;
  if (derived.status !== "missed" && derived.status !== "voicemail") {
    if (derived.ended) await withdrawKeyedNotification(tx, call.userId, dedupeKey);
    return;
  }
  const region = await regionOf(tx, call.userId);
  const contact = call.contactId
    ? await tx.contact.findUnique({ where: { id: call.contactId }, select: { firstName: true, lastName: true } })
    : null;
  const who = contactName(contact) ?? displayNumber(call.counterpartNumber, region);
  await upsertKeyedNotification(tx, {
    userId: call.userId,
    dedupeKey,
    type: derived.status === "missed" ? "missed_call" : "voicemail",
    title: derived.status === "missed" ? `Missed call from ${who}` : `Voicemail from ${who}`,
    body: derived.status === "voicemail" ? "They left a message: open the call to listen." : null,
    link: `/calls/${call.id}`,
  });
}
