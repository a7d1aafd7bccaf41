import type { ReminderChannel } from "~/generated/prisma/enums";

/** The channel retries use: a call if chosen, else a text, else the in-app notice. */
export function primaryChannel(channels: readonly ReminderChannel[]): ReminderChannel {
  if (channels.includes("call")) return "call";
  if (channels.includes("sms")) return "sms";
  return "in_app";
}

/** The primary channel first, then every other chosen channel once (each its own attempt). */
export function channelsInOrder(channels: readonly ReminderChannel[]): ReminderChannel[] {
  const primary = primaryChannel(channels);
  return [primary, ...channels.filter((c) => c !== primary)];
}

/** Who is called or texted: the contact's first number, or the user's own phone when the reminder is for them. */
export function reminderTargetNumber(contact: { phones: string[] } | null, personalPhone: string | null): string | null {
  return contact ? (contact.phones[0] ?? null) : personalPhone;
}
