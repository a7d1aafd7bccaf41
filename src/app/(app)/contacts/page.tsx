import { Suspense } from "react";
import type { Metadata } from "next";

import { ContactsView } from "~/components/contacts/contacts-view";
import { ContactsListSkeleton } from "~/components/contacts/contacts-skeleton";

export const metadata: Metadata = { title: "Contacts" };

export default function ContactsPage() {
  return (
    <Suspense fallback={<ContactsListSkeleton />}>
      <ContactsView />
    </Suspense>
  );
}
