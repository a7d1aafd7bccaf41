import { TRPCError } from "@trpc/server";
import type { Tx } from "~/server/db";
import { sendMessage } from "~/server/messages/send";
import type { Boss } from "~/server/queue/boss";
import { sendJobInTransaction } from "~/server/queue/outbox";
import type { Services } from "~/server/services";
import { contactDisplayName } from "~/lib/contact-name";
import { appendHistory, derivedJobId, historyStep, readHistory } from "./occurrences";

/**
 * Escalation: every attempt failed (or the person answered without confirming when asked to). The
 * occurrence becomes `escalated` and the user gets an in-app notice in the transaction that decided
 * it; the texts to the escalation contacts go out from a job sent in that same transaction.
 */
export async function startEscalation(tx: Tx, boss: Boss, occurrenceId: string, now: Date, why: string): Promise<void> {
  const occurrence = await tx.reminderOccurrence.update({
    where: { id: occurrenceId },
    data: { state: "escalated", finishedAt: now },
    select: {
      userId: true,
      reminder: {
        select: {
          title: true,
          contact: { select: { firstName: true, lastName: true } },
          escalations: { select: { contactId: true } },
        },
      },
    },
  });
  const { reminder } = occurrence;
  const contacts = reminder.escalations.length;
  await appendHistory(tx, occurrenceId, [
    historyStep(now, "escalated", contacts ? `${why}; texting ${contacts} escalation ${contacts === 1 ? "contact" : "contacts"}` : why),
  ]);
  await tx.notification.createMany({
    data: {
      userId: occurrence.userId,
      type: "reminder_escalated",
      title: `Reminder not confirmed: ${reminder.title}`,
      body: `${reminder.contact ? contactDisplayName(reminder.contact) : "You"}: ${why}.`,
      link: "/reminders",
      dedupeKey: `reminder_escalated:${occurrenceId}`,
    },
    skipDuplicates: true,
  });
  if (contacts > 0) {
    await sendJobInTransaction(boss, tx, "reminders.escalate", { occurrenceId }, { id: derivedJobId(`reminders.escalate:${occurrenceId}`) });
  }
}

export type EscalationDeps = Pick<Services, "db" | "jobs" | "telephony" | "now">;

/** Provider failures worth retrying the job for; anything else is recorded and the next contact texted. */
const TRANSIENT = new Set<TRPCError["code"]>(["BAD_GATEWAY", "GATEWAY_TIMEOUT", "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"]);

/**
 * Texts each escalation contact (up to three, their first number, from the user's default number)
 * what happened. Whoever was texted is in the history, so a retried job texts only the rest.
 */
export async function sendEscalationTexts(deps: EscalationDeps, occurrenceId: string): Promise<void> {
  const occurrence = await deps.db.reminderOccurrence.findUnique({
    where: { id: occurrenceId },
    select: {
      id: true,
      userId: true,
      dueAt: true,
      history: true,
      reminder: {
        select: {
          title: true,
          timeZone: true,
          contact: { select: { firstName: true, lastName: true } },
          user: { select: { name: true } },
          escalations: { orderBy: { position: "asc" }, select: { contact: { select: { id: true, firstName: true, lastName: true, phones: true } } } },
        },
      },
    },
  });
  if (!occurrence) return;
  const { reminder } = occurrence;
  const history = readHistory(occurrence.history);
  const done = new Set(history.filter((s) => s.step === "escalation_text" && s.ref).map((s) => s.ref));
  const escalated = history.findLast((s) => s.step === "escalated");
  const who = reminder.contact ? contactDisplayName(reminder.contact) : (reminder.user.name ?? "your contact");
  const when = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit", month: "short", day: "numeric", timeZone: reminder.timeZone }).format(
    occurrence.dueAt,
  );
  const what = escalated?.detail?.split(";")[0] ?? "not confirmed";
  const body = `Switchboard: the ${when} reminder "${reminder.title}" for ${who} was not confirmed (${what}). You may want to check on them.`;

  // A retry after a worker died between Telnyx accepting a text and the history recording it:
  // the stored message (Telnyx's id on it) says it went out. Only a death before that id was
  // stored sends it again (at least once: Telnyx's messages API takes no idempotency key).
  const accepted = new Set(
    (
      await deps.db.message.findMany({
        where: {
          userId: occurrence.userId,
          direction: "outbound",
          body,
          contactId: { in: reminder.escalations.map((e) => e.contact.id).filter((id) => !done.has(id)) },
          telnyxMessageId: { not: null },
          sentAt: { gte: escalated ? new Date(escalated.at) : occurrence.dueAt },
        },
        select: { contactId: true },
      })
    ).map((m) => m.contactId),
  );

  /** Texts one contact; what the history says of it. */
  const text = async (contactId: string, name: string): Promise<string> => {
    try {
      const message = await sendMessage(deps, occurrence.userId, { contactId, body });
      return message.deliveryStatus === "not_sent" ? `${name}: ${message.errorDetail ?? "not sent"}` : `texted ${name}`;
    } catch (error) {
      if (error instanceof TRPCError && TRANSIENT.has(error.code)) throw error;
      return `${name}: not texted (${error instanceof Error ? error.message : String(error)})`;
    }
  };

  for (const { contact } of reminder.escalations) {
    if (done.has(contact.id)) continue;
    const name = contactDisplayName(contact);
    const detail = accepted.has(contact.id) ? `texted ${name}` : await text(contact.id, name);
    await appendHistory(deps.db, occurrence.id, [{ ...historyStep(deps.now(), "escalation_text", detail), ref: contact.id }]);
  }
}
