"use client";

import * as React from "react";
import Link from "next/link";
import { keepPreviousData } from "@tanstack/react-query";
import { parseAsString, useQueryStates } from "nuqs";
import { MessageSquareIcon, PenSquareIcon } from "lucide-react";

import { api } from "~/trpc/react";
import { cn } from "~/lib/utils";
import { initials } from "~/lib/format";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { Avatar, AvatarFallback } from "~/components/ui/avatar";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Skeleton } from "~/components/ui/skeleton";
import { LocalTime } from "~/components/local-time";
import { EmptyState } from "~/components/shared/empty-state";
import { ListPager, pageCountOf } from "~/components/shared/list-pager";
import { ListSkeleton } from "~/components/shared/list-skeleton";
import { ListState, loadError } from "~/components/shared/list-state";
import { NewMessageDialog } from "./new-message-dialog";
import { MessageThread } from "./message-thread";
import { sameSelection, selectionFromParams, threadHref, threadName, type ThreadSelection } from "./message-meta";

export const THREADS_REFETCH_MS = 3000;
const THREADS_PAGE_SIZE = 30;

/** The open thread's keys in the URL; opening one is a history entry, so Back returns to the list. */
const threadParams = { contact: parseAsString, number: parseAsString };

function useThreadSelection() {
  const [params, setParams] = useQueryStates(threadParams, { history: "push" });
  const selection = selectionFromParams({ get: (name) => params[name as keyof typeof threadParams] ?? null });
  const open = React.useCallback(
    (next: ThreadSelection) => void setParams({ contact: next.contactId ?? null, number: next.number ?? null }),
    [setParams],
  );
  return [selection, open] as const;
}

/**
 * Threads on the left, the open conversation on the right (one at a time on phones). The open
 * thread lives in the URL: /messages?contact=<id> or /messages?number=<e164>.
 */
export function MessagesView() {
  const [selection, openThread] = useThreadSelection();
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
        <ThreadList selection={selection} onOpen={openThread} className={cn("md:border-r", selection && "max-md:hidden")} />
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

function ThreadList({
  selection,
  onOpen,
  className,
}: {
  selection: ThreadSelection | null;
  onOpen: (selection: ThreadSelection) => void;
  className?: string;
}) {
  const phone = usePhoneFormat();
  const [page, setPage] = React.useState(1);
  const query = api.messages.threads.useQuery(
    { page, pageSize: THREADS_PAGE_SIZE },
    { placeholderData: keepPreviousData, refetchInterval: THREADS_REFETCH_MS },
  );
  const data = query.data;

  return (
    <nav aria-label="Conversations" className={cn("flex min-h-0 flex-col", className)}>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <ListState
          data={data}
          error={loadError("Conversations could not be loaded.", data ? null : query.error)}
          errorClassName="p-4"
          skeleton={<ThreadsSkeleton label="Loading conversations…" />}
          isEmpty={(d) => d.items.length === 0}
          empty={<p className="text-muted-foreground p-4 text-sm">No texts yet — texts to your Telnyx number will appear here.</p>}
        >
          {(data) => (
            <ul className="space-y-0.5 p-2">
              {data.items.map((thread) => {
                const key: ThreadSelection = thread.contact ? { contactId: thread.contact.id } : { number: thread.counterpartNumber };
                const active = sameSelection(selection, key);
                const name = threadName(thread, phone);
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
                        onOpen(key);
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
        </ListState>
      </div>
      {data ? (
        <ListPager
          compact
          previousLabel="Newer"
          nextLabel="Older"
          page={page}
          pageCount={pageCountOf(data.total, THREADS_PAGE_SIZE)}
          onPageChange={setPage}
        />
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
        <ThreadsSkeleton className="md:border-r" />
        <div className="hidden p-6 md:block">
          <Skeleton className="h-6 w-40" />
        </div>
      </div>
    </div>
  );
}

function ThreadsSkeleton({ label, className }: { label?: string; className?: string }) {
  return (
    <ListSkeleton
      label={label}
      rows={6}
      className={cn("p-2", className)}
      rowClassName="gap-3 p-2"
      lead="size-9 rounded-full"
      lines={["w-1/2", "w-4/5"]}
    />
  );
}
