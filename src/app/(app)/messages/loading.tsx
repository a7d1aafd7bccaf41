import { MessagesSkeleton } from "~/components/messages/messages-view";

export default function MessagesLoading() {
  return <MessagesSkeleton />;
}
