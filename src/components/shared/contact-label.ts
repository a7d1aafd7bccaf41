/** "Ada Lovelace" (last name optional); usable on the server and in the browser. */
export function contactLabel(contact: { firstName: string; lastName?: string | null }) {
  return [contact.firstName, contact.lastName].filter(Boolean).join(" ");
}
