import { cn } from "~/lib/utils";
import { Badge } from "~/components/ui/badge";
import {
  PhoneIncomingIcon,
  PhoneMissedIcon,
  PhoneOffIcon,
  PhoneOutgoingIcon,
  VoicemailIcon,
} from "lucide-react";

import { callIconName, callStatusMeta, directionLabel, isCallActive } from "./call-meta";

export function CallStatusBadge({ status, className }: { status: string; className?: string }) {
  const meta = callStatusMeta(status);
  return (
    <Badge variant={meta.variant} className={className}>
      {isCallActive(status) ? <span className="bg-success size-1.5 animate-pulse rounded-full" aria-hidden="true" /> : null}
      {meta.label}
    </Badge>
  );
}

/** The round direction/outcome icon of a call, with its direction for screen readers. */
export function CallDirectionIcon({
  call,
  className,
}: {
  call: { direction: string; status: string };
  className?: string;
}) {
  const missed = call.status === "missed";
  return (
    <span
      className={cn(
        "flex size-8 shrink-0 items-center justify-center rounded-full",
        missed ? "bg-destructive/10 text-destructive" : "bg-muted text-muted-foreground",
        className,
      )}
      title={`${directionLabel(call.direction)} call`}
    >
      <CallGlyph call={call} className="size-4" />
      <span className="sr-only">{directionLabel(call.direction)} call</span>
    </span>
  );
}

/** The lucide icon for a call's direction and outcome. */
export function CallGlyph({ call, className }: { call: { direction: string; status: string }; className?: string }) {
  switch (callIconName(call)) {
    case "missed":
      return <PhoneMissedIcon className={className} aria-hidden="true" />;
    case "voicemail":
      return <VoicemailIcon className={className} aria-hidden="true" />;
    case "failed":
      return <PhoneOffIcon className={className} aria-hidden="true" />;
    case "inbound":
      return <PhoneIncomingIcon className={className} aria-hidden="true" />;
    default:
      return <PhoneOutgoingIcon className={className} aria-hidden="true" />;
  }
}
