import { ContactsListSkeleton } from "~/components/contacts/contacts-skeleton";

export default function ContactsLoading() {
  return <ContactsListSkeleton />;
}
