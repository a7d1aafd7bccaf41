import { contactDisplayName } from "~/lib/contact-name";
import type { Tx } from "~/server/db";
import { dateWords } from "./important-dates";
import { keepInTouchWords } from "./keep-in-touch";

/**
 * The reminders Switchboard wrote for a contact (keep in touch, important dates) name them in
 * their title and message: after a rename they are worded again, in the rename's transaction.
 * Reminders the user wrote are theirs and left alone.
 */
export async function rewordContactReminders(tx: Tx, userId: string, contactId: string): Promise<void> {
  const contact = await tx.contact.findFirst({ where: { id: contactId, userId }, select: { firstName: true, lastName: true } });
  if (!contact) return;
  const name = contactDisplayName(contact);
  const keepInTouch = await tx.reminder.findMany({
    where: { userId, contactId, kind: "keep_in_touch", keepInTouchDays: { not: null } },
    select: { id: true, keepInTouchDays: true },
  });
  for (const reminder of keepInTouch) {
    await tx.reminder.update({ where: { id: reminder.id }, data: keepInTouchWords(name, reminder.keepInTouchDays!) });
  }
  const dates = await tx.contactDate.findMany({
    where: { userId, contactId, reminderId: { not: null } },
    select: { reminderId: true, kind: true, label: true },
  });
  for (const date of dates) {
    await tx.reminder.update({ where: { id: date.reminderId! }, data: dateWords(date.kind, date.label, name) });
  }
}
