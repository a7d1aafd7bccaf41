"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { keepPreviousData } from "@tanstack/react-query";
import { MessageSquareIcon, PenSquareIcon } from "lucide-react";

import { api } from "~/trpc/react";
import { cn } from "~/lib/utils";
import { initials } from "~/lib/format";
import { Avatar, AvatarFallback } from "~/components/ui/avatar";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Skeleton } from "~/components/ui/skeleton";
import { LocalTime } from "~/components/local-time";
import { EmptyState } from "~/components/shared/empty-state";
import { NewMessageDialog } from "./new-message-dialog";
import { MessageThread } from "./message-thread";
import { sameSelection, selectionFromParams, threadHref, threadName, type ThreadSelection } from "./message-meta";

export const THREADS_REFETCH_MS = 3000;
const THREADS_PAGE_SIZE = 30;

/**
 * Threads on the left, the open conversation on the right (one at a time on phones). The open
 * thread lives in the URL: /messages?contact=<id> or /messages?number=<e164>.
 */
export function MessagesView() {
  const params = useSearchParams();
  const selection = selectionFromParams(params);
  const [newOpen, setNewOpen] = React.useState(false);

  return (
    <div className="flex flex-col gap-4">
      <div className={cn("flex items-end justify-between gap-3", selection && "max-md:hidden")}>
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Messages</h1>
          <p className="text-muted-foreground text-sm">Texts to and from your Telnyx numbers, by person.</p>
        </div>
        <Button onClick={() => setNewOpen(true)}>
          <PenSquareIcon aria-hidden="true" />
          New message
        </Button>
      </div>

      <div
        className={cn(
          "bg-card grid min-h-[26rem] grid-cols-1 overflow-hidden rounded-lg border md:h-[calc(100dvh-12.5rem)] md:grid-cols-[18rem_minmax(0,1fr)] lg:h-[calc(100dvh-13rem)] lg:grid-cols-[20rem_minmax(0,1fr)]",
          // Phones: the conversation alone (no page heading) takes the whole height.
          selection ? "h-[calc(100dvh-6rem)]" : "h-[calc(100dvh-11rem)]",
        )}
      >
        <ThreadList selection={selection} className={cn("md:border-r", selection && "max-md:hidden")} />
        <div className={cn("min-h-0 min-w-0", !selection && "max-md:hidden")}>
          {selection ? (
            <MessageThread key={threadHref(selection)} selection={selection} />
          ) : (
            <div className="flex h-full items-center justify-center p-6">
              <EmptyState icon={MessageSquareIcon} className="border-0">
                Choose a conversation, or start a new one.
              </EmptyState>
            </div>
          )}
        </div>
      </div>

      <NewMessageDialog open={newOpen} onOpenChange={setNewOpen} />
    </div>
  );
}

function ThreadList({ selection, className }: { selection: ThreadSelection | null; className?: string }) {
  const router = useRouter();
  const [page, setPage] = React.useState(1);
  const query = api.messages.threads.useQuery(
    { page, pageSize: THREADS_PAGE_SIZE },
    { placeholderData: keepPreviousData, refetchInterval: THREADS_REFETCH_MS },
  );
  const data = query.data;
  const pageCount = data ? Math.max(1, Math.ceil(data.total / THREADS_PAGE_SIZE)) : 1;

  return (
    <nav aria-label="Conversations" className={cn("flex min-h-0 flex-col", className)}>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {query.isError && !data ? (
          <p role="alert" className="text-destructive p-4 text-sm">
            Conversations could not be loaded. {query.error.message}
          </p>
        ) : !data ? (
          <div className="space-y-1 p-2" aria-busy="true">
            <span className="sr-only">Loading conversations…</span>
            {Array.from({ length: 6 }, (_, i) => (
              <div key={i} className="flex items-center gap-3 p-2">
                <Skeleton className="size-9 rounded-full" />
                <div className="flex-1 space-y-2">
                  <Skeleton className="h-4 w-1/2" />
                  <Skeleton className="h-3 w-4/5" />
                </div>
              </div>
            ))}
          </div>
        ) : data.items.length === 0 ? (
          <p className="text-muted-foreground p-4 text-sm">
            No texts yet — texts to your Telnyx number will appear here.
          </p>
        ) : (
          <ul className="space-y-0.5 p-2">
            {data.items.map((thread) => {
              const key: ThreadSelection = thread.contact ? { contactId: thread.contact.id } : { number: thread.counterpartNumber };
              const active = sameSelection(selection, key);
              const name = threadName(thread);
              const last = thread.lastMessage;
              return (
                <li key={thread.key}>
                  <Link
                    href={threadHref(key)}
                    scroll={false}
                    aria-current={active ? "page" : undefined}
                    onClick={(e) => {
                      if (e.metaKey || e.ctrlKey || e.shiftKey) return;
                      e.preventDefault();
                      router.push(threadHref(key), { scroll: false });
                    }}
                    className={cn(
                      "hover:bg-accent/60 focus-visible:ring-ring/50 flex items-center gap-3 rounded-md p-2 outline-none focus-visible:ring-[3px]",
                      active && "bg-accent",
                    )}
                  >
                    <Avatar className="size-9">
                      <AvatarFallback className="bg-primary/10 text-primary text-xs">
                        {thread.contact ? initials(name) : "#"}
                      </AvatarFallback>
                    </Avatar>
                    <div className="min-w-0 flex-1">
                      <div className="flex items-baseline justify-between gap-2">
                        <span className={cn("truncate text-sm", thread.unreadCount > 0 ? "font-semibold" : "font-medium")}>
                          {name}
                        </span>
                        <LocalTime value={last.createdAt} format="relative" className="text-muted-foreground shrink-0 text-xs" />
                      </div>
                      <div className="flex items-center justify-between gap-2">
                        <p className={cn("truncate text-xs", thread.unreadCount > 0 ? "text-foreground" : "text-muted-foreground")}>
                          {last.direction === "outbound" ? "You: " : ""}
                          {last.body || (last.hasMedia ? "A picture or file" : "")}
                        </p>
                        {thread.unreadCount > 0 ? (
                          <Badge className="h-5 min-w-5 rounded-full px-1.5 tabular-nums">
                            {thread.unreadCount}
                            <span className="sr-only"> unread</span>
                          </Badge>
                        ) : null}
                      </div>
                    </div>
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {data && pageCount > 1 ? (
        <div className="flex items-center justify-between border-t p-2 text-sm">
          <Button variant="ghost" size="sm" disabled={page <= 1} onClick={() => setPage((p) => Math.max(1, p - 1))}>
            Newer
          </Button>
          <span className="text-muted-foreground text-xs">
            {page} / {pageCount}
          </span>
          <Button variant="ghost" size="sm" disabled={page >= pageCount} onClick={() => setPage((p) => Math.min(pageCount, p + 1))}>
            Older
          </Button>
        </div>
      ) : null}
    </nav>
  );
}

export function MessagesSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading messages…</span>
      <div className="flex items-end justify-between">
        <div className="space-y-2">
          <Skeleton className="h-7 w-32" />
          <Skeleton className="h-4 w-72" />
        </div>
        <Skeleton className="h-9 w-36" />
      </div>
      <div className="grid h-[calc(100dvh-11rem)] min-h-[26rem] grid-cols-1 gap-0 rounded-lg border md:h-[calc(100dvh-12.5rem)] md:grid-cols-[18rem_minmax(0,1fr)] lg:h-[calc(100dvh-13rem)]">
        <div className="space-y-3 p-3 md:border-r">
          {Array.from({ length: 6 }, (_, i) => (
            <div key={i} className="flex items-center gap-3">
              <Skeleton className="size-9 rounded-full" />
              <div className="flex-1 space-y-2">
                <Skeleton className="h-4 w-1/2" />
                <Skeleton className="h-3 w-4/5" />
              </div>
            </div>
          ))}
        </div>
        <div className="hidden p-6 md:block">
          <Skeleton className="h-6 w-40" />
        </div>
      </div>
    </div>
  );
}
