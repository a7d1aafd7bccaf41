import { randomUUID } from "node:crypto";
import type { Logger } from "~/server/logger";
import type { TelephonyProvider } from "~/server/telephony/provider";
import { encodeClientState } from "~/server/telephony/client-state";
import type { CallActions } from "./agent/types";

/**
 * The conversation's Telnyx commands for one call leg. Each command gets a fresh command_id: these
 * are decisions made once in a live conversation, not replays of a webhook. "Not sent" (no
 * TELNYX_API_KEY) is logged; a provider error is thrown to the conversation, which falls back.
 */
export function callActions(deps: { telephony: TelephonyProvider; logger: Logger }, call: { id: string; callControlId: string; ourNumber: string }): CallActions {
  const { telephony, logger } = deps;
  const commandId = (what: string) => `voice:${call.id}:${what}:${randomUUID()}`;
  const clientState = encodeClientState({ callId: call.id, leg: "caller" });
  const report = (what: string, outcome: { status: string; reason?: string }) => {
    if (outcome.status !== "sent") logger.warn({ callId: call.id, what, reason: outcome.reason }, "voice: Telnyx command not sent");
  };
  return {
    async hangup() {
      report("hangup", await telephony.hangup(call.callControlId, { commandId: commandId("hangup") }));
    },
    async transfer(to) {
      report("streaming_stop", await telephony.stopStreaming(call.callControlId, { commandId: commandId("streaming_stop") }));
      report("transfer", await telephony.transfer(call.callControlId, { to, from: call.ourNumber, clientState, commandId: commandId("transfer") }));
    },
    async fallback(text) {
      // Telnyx's speech needs the stream gone first; the recording keeps running and takes the message.
      await telephony.stopStreaming(call.callControlId, { commandId: commandId("streaming_stop") }).catch((error: unknown) => {
        logger.warn({ err: error, callId: call.id }, "voice: streaming_stop failed before the fallback");
      });
      report("speak", await telephony.speak(call.callControlId, { text, clientState, commandId: commandId("speak_fallback") }));
    },
  };
}
