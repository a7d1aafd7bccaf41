"use client";

import {
  PhoneIcon,
  PhoneIncomingIcon,
  PhoneMissedIcon,
  PhoneOutgoingIcon,
  VoicemailIcon,
} from "lucide-react";

import { cn } from "~/lib/utils";
import { formatDuration, humanize } from "~/lib/format";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { Badge } from "~/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { LocalTime } from "~/components/local-time";
import { EmptyState } from "~/components/shared/empty-state";

export interface RecentCall {
  id: string;
  direction: "inbound" | "outbound";
  status: string;
  counterpartNumber: string | null;
  contactName: string | null;
  startedAt: Date;
  durationSeconds: number | null;
}

const STATUS_VARIANT: Record<string, React.ComponentProps<typeof Badge>["variant"]> = {
  completed: "secondary",
  missed: "destructive",
  voicemail: "warning",
  busy: "outline",
  failed: "outline",
  in_progress: "success",
};

function CallIcon({ call }: { call: RecentCall }) {
  const missed = call.status === "missed";
  const Icon = missed
    ? PhoneMissedIcon
    : call.status === "voicemail"
      ? VoicemailIcon
      : call.direction === "inbound"
        ? PhoneIncomingIcon
        : PhoneOutgoingIcon;
  return (
    <span
      className={cn(
        "flex size-9 shrink-0 items-center justify-center rounded-full",
        missed ? "bg-destructive/10 text-destructive" : "bg-muted text-muted-foreground",
      )}
    >
      <Icon className="size-4" aria-hidden="true" />
    </span>
  );
}

export function RecentCallsCard({ calls, className }: { calls: RecentCall[]; className?: string }) {
  const formatPhone = usePhoneFormat();
  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>
          <h2>Recent calls</h2>
        </CardTitle>
        <CardDescription>Your latest inbound and outbound calls.</CardDescription>
      </CardHeader>
      <CardContent>
        {calls.length === 0 ? (
          <EmptyState icon={PhoneIcon}>
            No calls yet — calls to your Telnyx number will appear here.
          </EmptyState>
        ) : (
          <ul className="divide-y">
            {calls.map((call) => {
              const who = call.contactName || formatPhone(call.counterpartNumber) || "Unknown caller";
              const number = call.contactName ? formatPhone(call.counterpartNumber) : null;
              return (
                <li key={call.id} className="flex items-center gap-3 py-3 first:pt-0 last:pb-0">
                  <CallIcon call={call} />
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-sm font-medium">{who}</p>
                    <p className="text-muted-foreground truncate text-xs">
                      <span className="sr-only">{call.direction === "inbound" ? "Inbound" : "Outbound"} call, </span>
                      {number ? <>{number} · </> : null}
                      <LocalTime value={call.startedAt} />
                    </p>
                  </div>
                  <div className="flex shrink-0 flex-col items-end gap-1">
                    <Badge variant={STATUS_VARIANT[call.status] ?? "outline"}>{humanize(call.status)}</Badge>
                    {call.durationSeconds != null ? (
                      <span className="text-muted-foreground text-xs tabular-nums">
                        <span className="sr-only">Duration </span>
                        {formatDuration(call.durationSeconds)}
                      </span>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
