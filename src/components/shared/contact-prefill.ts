import "server-only";
import { api } from "~/trpc/server";
import type { PickedContact } from "~/components/shared/contacts-multi-select";
import { contactDisplayName } from "~/lib/contact-name";

/** The contact named by a `?contactId=` link (the contact page's "Add task"/"Add event"), if it is the user's. */
export async function contactPrefill(contactId: string | string[] | undefined): Promise<PickedContact | null> {
  if (typeof contactId !== "string" || contactId.length === 0 || contactId.length > 64) return null;
  try {
    const { contact } = await api.contacts.get({ id: contactId });
    return { id: contact.id, label: contactDisplayName(contact) };
  } catch {
    return null;
  }
}
