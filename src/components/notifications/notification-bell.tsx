"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { useSession } from "next-auth/react";
import {
  BellIcon,
  CheckCheckIcon,
  MessageSquareIcon,
  PhoneMissedIcon,
  SparklesIcon,
  TriangleAlertIcon,
  VoicemailIcon,
  type LucideIcon,
} from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { cn } from "~/lib/utils";
import { Button } from "~/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "~/components/ui/popover";
import { LocalTime } from "~/components/local-time";
import { ListSkeleton } from "~/components/shared/list-skeleton";
import { ListState } from "~/components/shared/list-state";
import { unreadPolling } from "./unread-polling";

type Notification = RouterOutputs["notifications"]["list"]["items"][number];

const TYPE_ICON: Record<string, LucideIcon> = {
  missed_call: PhoneMissedIcon,
  voicemail: VoicemailIcon,
  new_message: MessageSquareIcon,
  important_call: SparklesIcon,
  job_failed: TriangleAlertIcon,
  welcome: BellIcon,
};

/** The header's bell: unread count, the latest notices, mark read (one or all). */
export function NotificationBell() {
  const router = useRouter();
  const utils = api.useUtils();
  const [open, setOpen] = React.useState(false);
  const session = useSession().status;
  const polling = (query: { state: { error: { data?: { code?: string } | null } | null } }) =>
    unreadPolling(session, query.state.error?.data?.code);
  const unread = api.notifications.unreadCount.useQuery(undefined, {
    enabled: (query) => polling(query).enabled,
    refetchInterval: (query) => polling(query).refetchInterval,
  });
  const listPolling = unreadPolling(session, unread.error?.data?.code);
  const list = api.notifications.list.useQuery(
    { limit: 20 },
    { enabled: open && listPolling.enabled, refetchInterval: open ? listPolling.refetchInterval : false },
  );
  const count = unread.data ?? 0;

  // A new notice since the last look refreshes the list the next time it opens.
  const lastCount = React.useRef(count);
  React.useEffect(() => {
    if (count > lastCount.current) void utils.notifications.list.invalidate();
    lastCount.current = count;
  }, [count, utils]);

  const refresh = () => Promise.all([utils.notifications.unreadCount.invalidate(), utils.notifications.list.invalidate()]);
  const markRead = api.notifications.markRead.useMutation({ onSettled: refresh });
  const markAll = api.notifications.markAllRead.useMutation({
    onSettled: refresh,
    onError: () => toast.error("Could not mark the notifications read."),
  });

  function openItem(item: Notification) {
    if (!item.readAt) markRead.mutate({ ids: [item.id] });
    setOpen(false);
    if (item.link) router.push(item.link);
  }

  const label = count > 0 ? `Notifications, ${count} unread` : "Notifications";
  const items = list.data?.items;

  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button variant="ghost" size="icon" className="relative" aria-label={label}>
          <BellIcon aria-hidden="true" />
          {count > 0 ? (
            <span
              aria-hidden="true"
              className="bg-destructive absolute top-1 right-1 flex h-4 min-w-4 items-center justify-center rounded-full px-1 text-[10px] leading-none font-semibold text-white tabular-nums"
            >
              {count > 99 ? "99+" : count}
            </span>
          ) : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" collisionPadding={8} className="w-[min(22rem,calc(100vw-1rem))] p-0" aria-label="Notifications">
        <div className="flex items-center justify-between gap-2 border-b px-4 py-2.5">
          <h2 className="text-sm font-semibold">Notifications</h2>
          <Button
            variant="ghost"
            size="sm"
            className="-mr-2 h-7"
            disabled={count === 0 || markAll.isPending}
            onClick={() => markAll.mutate()}
          >
            <CheckCheckIcon aria-hidden="true" />
            Mark all read
          </Button>
        </div>
        <div className="max-h-[min(26rem,70dvh)] overflow-y-auto">
          <ListState
            data={items}
            error={list.isError && !items ? "Notifications could not be loaded." : null}
            errorClassName="p-4"
            skeleton={
              <ListSkeleton
                label="Loading notifications…"
                rows={3}
                className="space-y-3 p-4"
                rowClassName="items-start gap-3 py-0"
                lead="size-8 rounded-full"
                lines={["w-3/4", "w-1/3"]}
              />
            }
            isEmpty={(loaded) => loaded.length === 0}
            empty={
              <p className="text-muted-foreground px-4 py-8 text-center text-sm">
                Nothing new. Missed calls, voicemails and texts show up here.
              </p>
            }
          >
            {(items) => (
              <ul className="divide-y" aria-label="Latest notifications">
                {items.map((item) => {
                  const Icon = TYPE_ICON[item.type] ?? BellIcon;
                  const unreadItem = !item.readAt;
                  return (
                    <li key={item.id}>
                      <button
                        type="button"
                        onClick={() => openItem(item)}
                        className={cn(
                          "hover:bg-accent/60 focus-visible:bg-accent flex w-full items-start gap-3 px-4 py-3 text-left outline-none",
                          unreadItem && "bg-primary/5",
                        )}
                      >
                        <span
                          className={cn(
                            "mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full",
                            item.type === "missed_call" || item.type === "job_failed"
                              ? "bg-destructive/10 text-destructive"
                              : "bg-muted text-muted-foreground",
                          )}
                        >
                          <Icon className="size-4" aria-hidden="true" />
                        </span>
                        <span className="min-w-0 flex-1">
                          <span className={cn("block text-sm", unreadItem ? "font-semibold" : "font-medium")}>
                            {item.title}
                            {unreadItem ? <span className="sr-only"> (unread)</span> : null}
                          </span>
                          {item.body ? <span className="text-muted-foreground line-clamp-2 block text-xs">{item.body}</span> : null}
                          <LocalTime value={item.createdAt} format="relative" className="text-muted-foreground mt-0.5 block text-xs" />
                        </span>
                        {unreadItem ? <span className="bg-primary mt-2 size-2 shrink-0 rounded-full" aria-hidden="true" /> : null}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </ListState>
        </div>
      </PopoverContent>
    </Popover>
  );
}
