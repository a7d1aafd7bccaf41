import { encodeClientState } from "~/server/telephony/client-state";
import { callPayloadSchema } from "~/server/telephony/envelope";
import type { ProcessOutcome, StoredWebhook } from "~/server/telephony/types";
import { applyCallEvent, type ApplyEventDeps } from "./apply-event";
import { commandContext, commandName, planCommands, runCommand, type CallControlDeps } from "./call-control";
import { voicemailPrompt } from "./greeting";

/** What handling a call event needs: applying it, then running the commands it calls for. */
export interface CallEventDeps extends ApplyEventDeps, CallControlDeps {}

/** `webhooks.process` for `call.*` events. Throws (so the job retries) on transient provider errors. */
export async function processCallWebhook(deps: CallEventDeps, webhook: StoredWebhook): Promise<ProcessOutcome> {
  const parsed = callPayloadSchema.safeParse(webhook.payload ?? {});
  if (!parsed.success) return { status: "ignored", reason: "malformed call payload" };
  const applied = await applyCallEvent(deps, webhook, parsed.data);
  if ("ignored" in applied) return { status: "ignored", reason: applied.ignored };

  const commands = planCommands(applied, webhook.eventType, await commandContext(deps.db, applied.call));
  const failures: string[] = [];
  for (const command of commands) {
    const status = await runCommand(deps, applied.call, webhook.id, command);
    if (status === "failed") failures.push(commandName(command));
    // Forwarding could not even start: the caller goes to voicemail right away.
    if (status === "rejected" && command.action === "dial" && command.leg === "user") {
      await runCommand(deps, applied.call, webhook.id, {
        action: "speak",
        name: "speak_voicemail_prompt",
        callControlId: command.linkTo,
        text: voicemailPrompt(),
        clientState: encodeClientState({ callId: applied.call.id, leg: "caller" }),
      });
    }
  }
  if (failures.length) {
    throw new Error(`Telnyx command(s) failed and will be retried: ${failures.join(", ")}`);
  }
  return { status: "processed", userId: applied.call.userId };
}
