import { Suspense } from "react";
import type { Metadata } from "next";

import { MessagesSkeleton, MessagesView } from "~/components/messages/messages-view";

export const metadata: Metadata = { title: "Messages" };

/** /messages, /messages?contact=<id>, /messages?number=<e164> (the open conversation). */
export default function MessagesPage() {
  return (
    <Suspense fallback={<MessagesSkeleton />}>
      <MessagesView />
    </Suspense>
  );
}
