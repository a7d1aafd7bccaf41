import { randomUUID } from "node:crypto";
import type { Logger } from "~/server/logger";
import type { TelephonyProvider } from "~/server/telephony/provider";
import { encodeClientState } from "~/server/telephony/client-state";
import type { CallActions } from "./agent/types";

type ActionDeps = { telephony: TelephonyProvider; logger: Logger };

/**
 * What every conversation's Telnyx commands on one call leg share. Each command gets a fresh
 * command_id: these are decisions made once in a live conversation, not replays of a webhook.
 * "Not sent" (no TELNYX_API_KEY) is logged; a provider error is thrown to the conversation.
 */
export function legCommands(deps: ActionDeps, call: { id: string; callControlId: string }) {
  const { telephony, logger } = deps;
  const commandId = (what: string) => `voice:${call.id}:${what}:${randomUUID()}`;
  const report = (what: string, outcome: { status: string; reason?: string }) => {
    if (outcome.status !== "sent") logger.warn({ callId: call.id, what, reason: outcome.reason }, "voice: Telnyx command not sent");
  };
  return {
    commandId,
    report,
    async hangup() {
      report("hangup", await telephony.hangup(call.callControlId, { commandId: commandId("hangup") }));
    },
    /** Before Telnyx's own speech or gather takes over from the agent: a failure is only logged. */
    async stopStreamBeforeFallback() {
      await telephony.stopStreaming(call.callControlId, { commandId: commandId("streaming_stop") }).catch((error: unknown) => {
        logger.warn({ err: error, callId: call.id }, "voice: streaming_stop failed before the fallback");
      });
    },
  };
}

/** The receptionist's Telnyx commands on the caller's leg. */
export function callActions(deps: ActionDeps, call: { id: string; callControlId: string; ourNumber: string }): CallActions {
  const { telephony } = deps;
  const leg = legCommands(deps, call);
  const clientState = encodeClientState({ callId: call.id, leg: "caller" });
  return {
    hangup: leg.hangup,
    async transfer(to) {
      leg.report("streaming_stop", await telephony.stopStreaming(call.callControlId, { commandId: leg.commandId("streaming_stop") }));
      leg.report("transfer", await telephony.transfer(call.callControlId, { to, from: call.ourNumber, clientState, commandId: leg.commandId("transfer") }));
    },
    async fallback(text) {
      // The recording keeps running and takes the message.
      await leg.stopStreamBeforeFallback();
      leg.report("speak", await telephony.speak(call.callControlId, { text, clientState, commandId: leg.commandId("speak_fallback") }));
    },
  };
}
