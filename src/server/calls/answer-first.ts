import { decodeClientState, encodeClientState } from "~/server/telephony/client-state";
import type { CallPayload } from "~/server/telephony/envelope";
import type { StoredWebhook } from "~/server/telephony/types";
import { normalizeNumber } from "~/server/contacts/counterpart";
import { callIdForControlId } from "./apply-event";
import { commandIdFor, sendCommand, type CallControlDeps, type Command } from "./call-control";
import type { IntentPayload } from "./timeline";

/**
 * A new inbound call is answered before its event is applied: applying it (find or create the
 * call, its timeline, contact and notification bookkeeping) is a dozen statements in a
 * transaction, and the caller would hear each of them as ringing. One read decides instead: the
 * called number is a user's and no call exists for this leg yet (so this is its first event).
 * The call's id is derived from the leg (callIdForControlId), so the client_state sent now names
 * the row the transaction creates right after. Sending twice is harmless: the command_id is the
 * one the planned answer uses, and Telnyx runs a command_id once per call.
 */
export interface EarlyAnswer {
  command: Extract<Command, { action: "answer" }>;
  intent: IntentPayload;
}

export async function answerNewInboundCall(deps: CallControlDeps, webhook: StoredWebhook, p: CallPayload): Promise<EarlyAnswer | null> {
  if (webhook.eventType !== "call.initiated" || p.direction !== "incoming") return null;
  if (!p.call_control_id || !p.to || decodeClientState(p.client_state)) return null;
  const callId = callIdForControlId(p.call_control_id);
  const [state] = await deps.db.$queryRaw<{ owned: boolean; known: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "PhoneNumber" WHERE "e164" = ${normalizeNumber(p.to, "US")}) AS "owned",
           EXISTS (SELECT 1 FROM "Call" WHERE "id" = ${callId} OR "telnyxCallControlId" = ${p.call_control_id}) AS "known"`;
  // Not ours (applying it ignores it), or seen before (the planned answer checks its intent).
  if (!state?.owned || state.known) return null;
  const command: EarlyAnswer["command"] = {
    action: "answer",
    callControlId: p.call_control_id,
    clientState: encodeClientState({ callId, leg: "caller" }),
  };
  return { command, intent: await sendCommand(deps, command, commandIdFor(webhook.id, command)) };
}
