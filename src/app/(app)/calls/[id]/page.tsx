import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";

import { api } from "~/trpc/server";
import { CallDetail } from "~/components/calls/call-detail";

export const metadata: Metadata = { title: "Call" };

export default async function CallPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (id.length > 64) notFound();
  // The receptionist's turns (none for most calls) load with the call: no second spinner.
  const [call, conversation] = await Promise.all([api.calls.get({ id }).catch(missing), api.voice.conversation({ callId: id }).catch(missing)]);
  if (!call) notFound();
  return <CallDetail initial={call} initialConversation={conversation ?? []} />;
}

/** Another user's call, or no such call: the page's 404 (any other error is the error page's). */
function missing(error: unknown): null {
  if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return null;
  throw error;
}
