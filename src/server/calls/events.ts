import { encodeClientState } from "~/server/telephony/client-state";
import { callPayloadSchema } from "~/server/telephony/envelope";
import type { ProcessOutcome, StoredWebhook } from "~/server/telephony/types";
import { answerNewInboundCall, type EarlyAnswer } from "./answer-first";
import { applyCallEvent, type ApplyEventDeps } from "./apply-event";
import { commandContext, commandName, planCommands, runCommand, unansweredCommand, type CallControlDeps, type CommandContext } from "./call-control";
import { handleReminderCallEvent } from "~/server/reminders/call-events";

const NO_CONTEXT: CommandContext = { userName: null, personalPhone: null, connectionId: null };

/** What handling a call event needs: applying it, then running the commands it calls for. */
export interface CallEventDeps extends ApplyEventDeps, CallControlDeps {}

/**
 * `webhooks.process` for `call.*` events. Throws (so the job retries) on transient provider errors.
 * `answered`: what answerCallFirst already did for this event in this pass (the web process runs
 * it before anything else); otherwise it runs here.
 */
export async function processCallWebhook(deps: CallEventDeps, webhook: StoredWebhook, answered?: EarlyAnswer | null): Promise<ProcessOutcome> {
  const parsed = callPayloadSchema.safeParse(webhook.payload ?? {});
  if (!parsed.success) return { status: "ignored", reason: "malformed call payload" };
  const early = answered !== undefined ? answered : await answerNewInboundCall(deps, webhook, parsed.data);
  const applied = await applyCallEvent(deps, webhook, parsed.data);
  if ("ignored" in applied) return { status: "ignored", reason: applied.ignored };

  // Only an answered caller's leg is greeted and forwarded, and only the user's unanswered leg of an
  // inbound call sends the caller on (voicemail or the receptionist); no other event reads the
  // user's settings.
  const needsContext =
    webhook.eventType === "call.answered" || (webhook.eventType === "call.hangup" && applied.leg === "user" && applied.call.direction === "inbound");
  const context = needsContext ? await commandContext(deps.db, applied.call, deps) : NO_CONTEXT;
  const commands = planCommands(applied, webhook.eventType, context);
  // An answer sent early is recorded like a planned one (a failed one is retried with the job).
  if (early && !commands.some((c) => c.action === "answer")) commands.unshift(early.command);
  const failures: string[] = [];
  for (const command of commands) {
    const sent = early && command.action === "answer" ? early.intent : undefined;
    const status = await runCommand(deps, applied.call, webhook.id, command, sent);
    if (status === "failed") failures.push(commandName(command));
    // Forwarding could not even start: the caller goes to voicemail (or the receptionist) right away.
    if (status === "rejected" && command.action === "dial" && command.leg === "user") {
      await runCommand(deps, applied.call, webhook.id, unansweredCommand(command.linkTo, context, encodeClientState({ callId: applied.call.id, leg: "caller" })));
    }
  }
  // A reminder's call follows its own script (prompts, the key, its outcome): reminders/call-events.ts.
  failures.push(...(await handleReminderCallEvent(deps, applied, webhook, parsed.data)));
  if (failures.length) {
    throw new Error(`Telnyx command(s) failed and will be retried: ${failures.join(", ")}`);
  }
  return { status: "processed", userId: applied.call.userId };
}

/** The early answer for a call event, when it is a new inbound call's first (see answer-first.ts). */
export async function answerCallFirst(deps: CallControlDeps, webhook: StoredWebhook): Promise<EarlyAnswer | null> {
  const parsed = callPayloadSchema.safeParse(webhook.payload ?? {});
  return parsed.success ? answerNewInboundCall(deps, webhook, parsed.data) : null;
}
