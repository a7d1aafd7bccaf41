"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { MessageSquareIcon, PhoneIcon } from "lucide-react";
import { toast } from "sonner";

import { api } from "~/trpc/react";
import { formatDuration } from "~/lib/format";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { cn } from "~/lib/utils";
import { Button } from "~/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from "~/components/ui/dropdown-menu";
import { Skeleton } from "~/components/ui/skeleton";
import { Spinner } from "~/components/ui/spinner";
import { LocalTime } from "~/components/local-time";
import { errorMessage } from "~/components/shared/form-errors";
import { CallDirectionIcon, CallStatusBadge } from "./call-status-badge";
import { sentence } from "./call-meta";

/**
 * Click-to-call with a plain-language outcome: Telnyx rings the user's own phone first, then
 * connects the other party. Without TELNYX_API_KEY the call is recorded but not placed, and the
 * toast says so ("Not sent: TELNYX_API_KEY not set").
 */
export function useDial() {
  const router = useRouter();
  const utils = api.useUtils();
  const formatPhone = usePhoneFormat();
  const dial = api.calls.dial.useMutation({
    onSuccess: async (call) => {
      await utils.calls.list.invalidate();
      const view = { label: "View call", onClick: () => router.push(`/calls/${call.id}`) };
      if (call.status === "failed") {
        toast.warning("The call was not placed.", {
          description: sentence(call.errorDetail ?? "Telnyx did not accept it."),
          action: view,
        });
      } else {
        toast.success("Ringing your phone…", {
          description: `Answer it and Switchboard connects you to ${formatPhone(call.toNumber)}.`,
          action: view,
        });
      }
    },
    onError: (error) => toast.error(errorMessage(error, "Could not place the call.")),
  });
  return dial;
}

/**
 * "Call" and "Text" for a contact page. Mount with the contact's id and E.164 phones:
 *   <ContactCommunicationActions contactId={contact.id} phones={contact.phones} />
 * With several phones, "Call" asks which one.
 */
export function ContactCommunicationActions({
  contactId,
  phones,
  className,
}: {
  contactId: string;
  phones: string[];
  className?: string;
}) {
  const dial = useDial();
  const formatPhone = usePhoneFormat();
  const noPhone = phones.length === 0;
  const callButton = (
    <Button
      type="button"
      variant="outline"
      disabled={noPhone || dial.isPending}
      aria-busy={dial.isPending || undefined}
      onClick={phones.length === 1 ? () => dial.mutate({ contactId, number: phones[0] }) : undefined}
      title={noPhone ? "Add a phone number to call this contact." : undefined}
    >
      {dial.isPending ? <Spinner aria-hidden /> : <PhoneIcon aria-hidden="true" />}
      Call
    </Button>
  );
  return (
    <div className={cn("flex flex-wrap items-center gap-2", className)}>
      {phones.length > 1 ? (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>{callButton}</DropdownMenuTrigger>
          <DropdownMenuContent align="start">
            <DropdownMenuLabel>Call which number?</DropdownMenuLabel>
            {phones.map((phone) => (
              <DropdownMenuItem key={phone} onSelect={() => dial.mutate({ contactId, number: phone })}>
                <PhoneIcon aria-hidden="true" />
                {formatPhone(phone)}
              </DropdownMenuItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
      ) : (
        callButton
      )}
      <Button variant="outline" asChild>
        <Link href={`/messages?contact=${encodeURIComponent(contactId)}`}>
          <MessageSquareIcon aria-hidden="true" />
          Text
        </Link>
      </Button>
    </div>
  );
}

/**
 * A contact's latest calls (calls.list filtered to them), refreshed every few seconds, with a
 * link to all of them on the Calls page.
 */
export function ContactCommunications({ contactId, limit = 5 }: { contactId: string; limit?: number }) {
  const query = api.calls.list.useQuery({ contactId, page: 1, pageSize: limit }, { refetchInterval: 5000 });
  const formatPhone = usePhoneFormat();
  if (!query.data) {
    return (
      <div className="space-y-3" aria-busy="true">
        <span className="sr-only">Loading calls…</span>
        {Array.from({ length: 2 }, (_, i) => (
          <div key={i} className="flex items-center gap-3">
            <Skeleton className="size-8 rounded-full" />
            <Skeleton className="h-4 flex-1" />
            <Skeleton className="h-5 w-20" />
          </div>
        ))}
      </div>
    );
  }
  const { items, total } = query.data;
  if (total === 0) return <p className="text-muted-foreground text-sm">No calls with this contact yet.</p>;
  return (
    <div className="space-y-2">
      <ul className="divide-y" aria-label="Recent calls">
        {items.map((call) => (
          <li key={call.id} className="flex items-center gap-3 py-2">
            <CallDirectionIcon call={call} />
            <div className="min-w-0 flex-1">
              <Link href={`/calls/${call.id}`} className="block truncate text-sm font-medium underline-offset-4 hover:underline">
                <LocalTime value={call.startedAt} />
              </Link>
              <p className="text-muted-foreground truncate text-xs">
                {formatPhone(call.counterpartNumber)}
                {call.durationSeconds ? ` · ${formatDuration(call.durationSeconds)}` : null}
              </p>
            </div>
            <CallStatusBadge status={call.status} />
          </li>
        ))}
      </ul>
      {total > items.length ? (
        <Link href={`/calls?contactId=${encodeURIComponent(contactId)}`} className="text-sm font-medium underline-offset-4 hover:underline">
          All {total} calls
        </Link>
      ) : null}
    </div>
  );
}
