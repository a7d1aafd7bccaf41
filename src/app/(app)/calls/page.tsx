import type { Metadata } from "next";

import { contactPrefill } from "~/components/shared/contact-prefill";
import { CallsView } from "~/components/calls/calls-view";

export const metadata: Metadata = { title: "Calls" };

export default async function CallsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // /calls?contactId=… (a contact page's "All calls") starts filtered to that contact.
  const initialContact = await contactPrefill(params.contactId);
  return <CallsView initialContact={initialContact} />;
}
