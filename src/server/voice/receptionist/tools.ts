import { z } from "zod";
import type { Db } from "~/server/db";
import { sendMessage } from "~/server/messages/send";
import { sendMessageInput } from "~/server/messages/schemas";
import type { Boss } from "~/server/queue/boss";
import type { TelephonyProvider } from "~/server/telephony/provider";
import { isTimeString, parseTime } from "~/lib/zoned-time";
import type { AgentTool, ToolResult } from "../agent/types";
import { loadCallerContext, type CallerContext } from "./caller-context";
import { aboutCaller } from "./script";

/**
 * The receptionist's tools. Each checks its input (the model can send anything) and answers the
 * model in a sentence it can act on; nothing here throws for bad input. Writes are the call's
 * user's own: the task, notice and text belong to `context.userId` and link the call.
 */

export interface ReceptionistToolDeps {
  db: Db;
  telephony: TelephonyProvider;
  jobs: () => Promise<Boss>;
  now: () => Date;
}

const MESSAGE_MAX = 2_000;

function invalid(error: z.ZodError): ToolResult {
  return { ok: false, content: `Invalid input: ${error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}` };
}

function callerLabel(context: CallerContext): string {
  return context.contact?.name ?? context.callerNumber;
}

const takeMessageInput = z.object({
  message: z.string().trim().min(1, "say what the message is").max(MESSAGE_MAX),
  callback_number: z.string().trim().max(40).optional(),
  urgent: z.boolean().optional(),
});

const callbackInput = z.object({
  when: z.string().trim().refine(isTimeString, "a local date and time like 2026-12-24T15:30"),
  reason: z.string().trim().min(1).max(500),
});

const smsInput = z.object({ text: z.string().trim().min(1, "say what to text").max(600) });

const noInput = z.object({}).passthrough();

export function receptionistTools(deps: ReceptionistToolDeps, context: CallerContext): AgentTool[] {
  const { db } = deps;
  const who = callerLabel(context);

  const lookupCaller: AgentTool = {
    definition: {
      name: "lookup_caller",
      description: "Look up the caller again: their contact card, recent calls, open tasks and upcoming events with the owner.",
      input_schema: { type: "object", properties: {} },
    },
    async run() {
      // Read again: a message taken earlier in this call is among the open tasks now.
      const fresh = await loadCallerContext(db, context.callId, deps.now());
      return { ok: true, content: aboutCaller(fresh ?? context) };
    },
  };

  const takeMessage: AgentTool = {
    definition: {
      name: "take_message",
      description: "Take a message for the owner: what the caller wants, in their words, and how to reach them.",
      input_schema: {
        type: "object",
        properties: {
          message: { type: "string", description: "The message, with any names, times and numbers the caller gave." },
          callback_number: { type: "string", description: "Where to call back, when different from the number they are calling from." },
          urgent: { type: "boolean" },
        },
        required: ["message"],
      },
    },
    async run(input) {
      const parsed = takeMessageInput.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      const { message, callback_number: callback, urgent } = parsed.data;
      await db.$transaction(async (tx) => {
        await tx.task.create({
          data: {
            userId: context.userId,
            title: `${urgent ? "Urgent: " : ""}Message from ${who}`,
            description: [message, callback ? `Call back on ${callback}.` : `Their number: ${context.callerNumber}.`].join("\n\n"),
            priority: urgent ? "high" : "medium",
            contactId: context.contact?.id ?? null,
            callId: context.callId,
          },
        });
        await tx.notification.create({
          data: {
            userId: context.userId,
            type: "message_taken",
            title: `${urgent ? "Urgent message" : "Message"} from ${who}`,
            body: message.slice(0, 300),
            link: `/calls/${context.callId}`,
          },
        });
      });
      return { ok: true, content: "The message is saved and the owner has been notified." };
    },
  };

  const scheduleCallback: AgentTool = {
    definition: {
      name: "schedule_callback",
      description: `Schedule a callback: a task for the owner to call the caller back at a time, in the owner's time zone (${context.timeZone}).`,
      input_schema: {
        type: "object",
        properties: {
          when: { type: "string", description: "Local date and time, YYYY-MM-DDTHH:mm." },
          reason: { type: "string", description: "What the callback is about." },
        },
        required: ["when", "reason"],
      },
    },
    async run(input) {
      const parsed = callbackInput.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      const dueAt = parseTime(parsed.data.when, context.timeZone);
      if (dueAt.getTime() < deps.now().getTime() - 60_000) return { ok: false, content: "That time is in the past: ask for a time in the future." };
      await db.task.create({
        data: {
          userId: context.userId,
          title: `Call back ${who}`,
          description: `${parsed.data.reason}\n\nTheir number: ${context.callerNumber}.`,
          priority: "medium",
          dueAt,
          contactId: context.contact?.id ?? null,
          callId: context.callId,
        },
      });
      return { ok: true, content: `The callback is scheduled for ${parsed.data.when}.` };
    },
  };

  const transferCall: AgentTool = {
    definition: {
      name: "transfer_call",
      description: "Transfer the caller to the owner's own phone. Say you are connecting them first; you leave the call.",
      input_schema: { type: "object", properties: {} },
    },
    async run(input) {
      const parsed = noInput.safeParse(input ?? {});
      if (!parsed.success) return invalid(parsed.error);
      if (!context.personalPhone) return { ok: false, content: "Transfer is not possible: the owner has no phone to transfer to. Offer to take a message." };
      return { ok: true, content: "Transferring after you finish speaking.", after: { kind: "transfer", to: context.personalPhone } };
    },
  };

  const sendSms: AgentTool = {
    definition: {
      name: "send_sms",
      description: "Text the caller (a link, an address, a detail they asked for), from the number they called.",
      input_schema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    },
    async run(input) {
      const parsed = smsInput.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      const message = sendMessageInput.safeParse({ to: context.callerNumber, body: parsed.data.text, ...(context.phoneNumberId ? { fromNumberId: context.phoneNumberId } : {}) });
      if (!message.success) return invalid(message.error);
      try {
        const sent = await sendMessage({ db, telephony: deps.telephony, jobs: deps.jobs, now: deps.now }, context.userId, message.data);
        if (sent.deliveryStatus === "not_sent" || sent.deliveryStatus === "sending_failed") {
          return { ok: false, content: "The text could not be sent. Offer to take a message instead." };
        }
        return { ok: true, content: "The text is on its way." };
      } catch (error) {
        return { ok: false, content: `The text could not be sent (${error instanceof Error ? error.message : "error"}).` };
      }
    },
  };

  const endCall: AgentTool = {
    definition: {
      name: "end_call",
      description: "End the call after your goodbye (say it in the same reply).",
      input_schema: { type: "object", properties: {} },
    },
    async run() {
      return { ok: true, content: "The call ends after you finish speaking.", after: { kind: "hangup" } };
    },
  };

  return [lookupCaller, takeMessage, scheduleCallback, transferCall, sendSms, endCall];
}
