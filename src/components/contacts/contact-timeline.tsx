"use client";

import Link from "next/link";
import {
  CalendarDaysIcon,
  CheckCircle2Icon,
  CircleIcon,
  MessageSquareIcon,
  PhoneIncomingIcon,
  PhoneMissedIcon,
  PhoneOutgoingIcon,
  type LucideIcon,
} from "lucide-react";

import { api, type RouterOutputs } from "~/trpc/react";
import { formatDuration, humanize, type PhoneFormat } from "~/lib/format";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { cn } from "~/lib/utils";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Spinner } from "~/components/ui/spinner";
import { LocalTime } from "~/components/local-time";
import { ListSkeleton } from "~/components/shared/list-skeleton";
import { ListError, loadError } from "~/components/shared/list-state";

type Item = RouterOutputs["contacts"]["timeline"]["items"][number];

interface Presented {
  icon: LucideIcon;
  iconClass: string;
  title: string;
  detail: string | null;
  href: string;
  badge: string | null;
}

function present(item: Item, contactId: string, formatPhone: PhoneFormat): Presented {
  switch (item.kind) {
    case "task": {
      const done = item.status === "done";
      return {
        icon: done ? CheckCircle2Icon : CircleIcon,
        iconClass: done ? "text-emerald-600 dark:text-emerald-400" : "text-muted-foreground",
        title: item.title,
        detail: done ? "Task completed" : item.dueAt ? "Task due" : "Task",
        href: "/tasks",
        badge: humanize(item.status),
      };
    }
    case "event":
      return {
        icon: CalendarDaysIcon,
        iconClass: "text-sky-600 dark:text-sky-400",
        title: item.title,
        detail: [item.allDay ? "All-day event" : "Event", item.location].filter(Boolean).join(" · "),
        href: "/calendar",
        badge: null,
      };
    case "call": {
      const missed = item.status === "missed" || item.status === "voicemail";
      const inbound = item.direction === "inbound";
      const duration = item.durationSeconds ? formatDuration(item.durationSeconds) : null;
      return {
        icon: missed ? PhoneMissedIcon : inbound ? PhoneIncomingIcon : PhoneOutgoingIcon,
        iconClass: missed ? "text-red-600 dark:text-red-400" : "text-violet-600 dark:text-violet-400",
        title: `${inbound ? "Inbound" : "Outbound"} call${duration ? ` · ${duration}` : ""}`,
        detail: item.summary ?? formatPhone(item.counterpartNumber),
        href: `/calls/${item.id}`,
        badge: humanize(item.status),
      };
    }
    case "message":
      return {
        icon: MessageSquareIcon,
        iconClass: "text-amber-600 dark:text-amber-400",
        title: item.direction === "inbound" ? "Text received" : "Text sent",
        detail: item.body || "(media)",
        href: `/messages?contact=${encodeURIComponent(contactId)}`,
        badge: item.status === "failed" ? "Not sent" : null,
      };
  }
}

/** Everything that happened with the contact, newest first: tasks, events, calls and texts. */
export function ContactTimeline({ contactId }: { contactId: string }) {
  const query = api.contacts.timeline.useInfiniteQuery(
    { id: contactId, limit: 20 },
    { getNextPageParam: (last) => last.nextCursor ?? undefined },
  );
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const formatPhone = usePhoneFormat();

  if (query.isPending) {
    return (
      <ListSkeleton
        label="Loading activity…"
        rows={4}
        className="space-y-4"
        rowClassName="items-start gap-3 py-0"
        lead="size-8 rounded-full"
        lines={["w-1/2", "w-1/3"]}
      />
    );
  }
  if (query.isError) {
    return <ListError>{loadError("The activity could not be loaded.", query.error)}</ListError>;
  }
  if (items.length === 0) {
    return (
      <p className="text-muted-foreground text-sm">
        Nothing yet. Tasks, events, calls and texts with this person show up here.
      </p>
    );
  }

  return (
    <div className="space-y-3">
      <ol aria-label="Activity" className="relative space-y-1">
        {items.map((item) => {
          const p = present(item, contactId, formatPhone);
          const Icon = p.icon;
          return (
            <li key={`${item.kind}-${item.id}`}>
              <Link
                href={p.href}
                className="hover:bg-accent/50 focus-visible:ring-ring/50 flex items-start gap-3 rounded-md px-2 py-2 outline-none focus-visible:ring-[3px]"
              >
                <span className="bg-muted flex size-8 shrink-0 items-center justify-center rounded-full">
                  <Icon className={cn("size-4", p.iconClass)} aria-hidden="true" />
                </span>
                <span className="min-w-0 flex-1">
                  {/* Titles wrap rather than end in "…": the column is narrow beside the details. */}
                  <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                    <span className="min-w-0 text-sm font-medium break-words">{p.title}</span>
                    {p.badge ? (
                      <Badge variant="outline" className="shrink-0 font-normal">
                        {p.badge}
                      </Badge>
                    ) : null}
                  </span>
                  {p.detail ? <span className="text-muted-foreground line-clamp-2 text-xs">{p.detail}</span> : null}
                </span>
                <LocalTime value={item.at} className="text-muted-foreground shrink-0 pt-0.5 text-xs whitespace-nowrap" />
              </Link>
            </li>
          );
        })}
      </ol>
      {query.hasNextPage ? (
        <Button
          variant="outline"
          size="sm"
          className="w-full"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? <Spinner aria-hidden /> : null}
          Load more
        </Button>
      ) : null}
    </div>
  );
}
