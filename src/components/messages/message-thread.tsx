"use client";

import * as React from "react";
import Link from "next/link";
import { ArrowLeftIcon, CircleAlertIcon, PaperclipIcon, SendIcon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { cn } from "~/lib/utils";
import { formatDate } from "~/lib/format";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { FIELD_LIMITS } from "~/lib/field-limits";
import { Button } from "~/components/ui/button";
import { Label } from "~/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Skeleton } from "~/components/ui/skeleton";
import { Spinner } from "~/components/ui/spinner";
import { Textarea } from "~/components/ui/textarea";
import { LocalTime } from "~/components/local-time";
import { useHydrated } from "~/components/use-hydrated";
import { errorMessage } from "~/components/shared/form-errors";
import { deliveryText, threadName, type ThreadSelection } from "./message-meta";

export const THREAD_REFETCH_MS = 2000;
/** Telnyx's limit for one message, the one the server checks. */
export const MAX_SMS_LENGTH = FIELD_LIMITS.smsBody;
const PAGE = 50;

type Message = RouterOutputs["messages"]["thread"]["items"][number];

export function MessageThread({ selection }: { selection: ThreadSelection }) {
  const phone = usePhoneFormat();
  const utils = api.useUtils();
  const input = selection.contactId ? { contactId: selection.contactId, limit: PAGE } : { number: selection.number, limit: PAGE };
  const query = api.messages.thread.useInfiniteQuery(input, {
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: THREAD_REFETCH_MS,
  });
  const pages = query.data?.pages;
  const head = pages?.[0];
  const newestFirst = React.useMemo(() => pages?.flatMap((p) => p.items) ?? [], [pages]);
  const messages = React.useMemo(() => [...newestFirst].reverse(), [newestFirst]);

  // Mark the conversation read while it is open.
  const markRead = api.messages.markRead.useMutation({
    onSuccess: () =>
      Promise.all([
        utils.messages.threads.invalidate(),
        utils.messages.thread.invalidate(),
        // Their "new text" notices were read with them.
        utils.notifications.unreadCount.invalidate(),
        utils.notifications.list.invalidate(),
      ]),
  });
  const unread = newestFirst.some((m) => m.direction === "inbound" && !m.readAt);
  const { mutate: mark, isPending: marking } = markRead;
  React.useEffect(() => {
    if (unread && !marking && document.visibilityState === "visible") {
      mark(selection.contactId ? { contactId: selection.contactId } : { number: selection.number });
    }
  }, [unread, marking, mark, selection.contactId, selection.number]);

  // Stay at the bottom as messages arrive (unless the reader scrolled up); keep the place when
  // older messages load above.
  const scroller = React.useRef<HTMLDivElement>(null);
  const stickToBottom = React.useRef(true);
  const restoreFromBottom = React.useRef<number | null>(null);
  const newestId = newestFirst[0]?.id;
  const newestIsOurs = newestFirst[0]?.direction === "outbound";
  React.useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (restoreFromBottom.current !== null) {
      el.scrollTop = el.scrollHeight - restoreFromBottom.current;
      restoreFromBottom.current = null;
    } else if (stickToBottom.current || newestIsOurs) {
      el.scrollTop = el.scrollHeight;
    }
  }, [newestId, newestIsOurs, pages?.length]);

  function loadOlder() {
    const el = scroller.current;
    if (el) restoreFromBottom.current = el.scrollHeight - el.scrollTop;
    void query.fetchNextPage();
  }

  if (query.isError && !head) {
    return (
      <div className="flex h-full flex-col">
        <ThreadHeader title="Conversation" subtitle={null} contactId={null} />
        <p role="alert" className="text-destructive p-4 text-sm">
          {query.error.data?.code === "NOT_FOUND"
            ? "This conversation does not exist (the contact may have been deleted)."
            : `The conversation could not be loaded. ${query.error.message}`}
        </p>
      </div>
    );
  }

  const contact = head?.contact ?? null;
  const title = head ? threadName({ contact, counterpartNumber: head.counterpartNumber }, phone) : null;
  const phones = contact ? contact.phones : head?.counterpartNumber ? [head.counterpartNumber] : [];
  const subtitle = contact ? phones.map(phone).join(" · ") || "No phone number" : null;

  return (
    <section aria-label={title ? `Conversation with ${title}` : "Conversation"} className="flex h-full min-h-0 flex-col">
      <ThreadHeader title={title} subtitle={subtitle} contactId={contact?.id ?? null} />
      <div
        ref={scroller}
        className="min-h-0 flex-1 overflow-y-auto px-3 py-4 sm:px-5"
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
      >
        {!head ? (
          <div className="space-y-4" aria-busy="true">
            <span className="sr-only">Loading messages…</span>
            <Skeleton className="h-10 w-2/5 rounded-2xl" />
            <Skeleton className="ml-auto h-10 w-1/2 rounded-2xl" />
            <Skeleton className="h-14 w-3/5 rounded-2xl" />
          </div>
        ) : messages.length === 0 ? (
          <p className="text-muted-foreground flex h-full items-center justify-center text-center text-sm">
            No messages with {title} yet. Say hello below.
          </p>
        ) : (
          <>
            {query.hasNextPage ? (
              <div className="mb-4 flex justify-center">
                <Button variant="ghost" size="sm" onClick={loadOlder} disabled={query.isFetchingNextPage}>
                  {query.isFetchingNextPage ? <Spinner aria-hidden /> : null}
                  Load older messages
                </Button>
              </div>
            ) : null}
            <MessageList messages={messages} theirName={title ?? "Them"} />
          </>
        )}
      </div>
      <Composer selection={selection} phones={phones} ready={!!head} />
    </section>
  );
}

function ThreadHeader({ title, subtitle, contactId }: { title: string | null; subtitle: string | null; contactId: string | null }) {
  return (
    <div className="flex min-h-14 items-center gap-2 border-b px-2 py-2 sm:px-4">
      <Button variant="ghost" size="icon-sm" asChild className="md:hidden">
        <Link href="/messages" aria-label="All conversations">
          <ArrowLeftIcon aria-hidden="true" />
        </Link>
      </Button>
      <div className="min-w-0 flex-1">
        {title ? (
          <h2 className="truncate text-sm font-semibold">
            {contactId ? (
              <Link href={`/contacts/${contactId}`} className="underline-offset-4 hover:underline">
                {title}
              </Link>
            ) : (
              title
            )}
          </h2>
        ) : (
          <Skeleton className="h-4 w-32" />
        )}
        {subtitle ? <p className="text-muted-foreground truncate text-xs">{subtitle}</p> : null}
      </div>
    </div>
  );
}

function dayKey(date: Date, hydrated: boolean) {
  return hydrated ? date.toDateString() : date.toISOString().slice(0, 10);
}

function MessageList({ messages, theirName }: { messages: Message[]; theirName: string }) {
  const hydrated = useHydrated();
  const days = messages.map((m) => dayKey(m.createdAt, hydrated));
  return (
    <ol className="flex flex-col gap-1.5" aria-label="Messages">
      {messages.map((message, i) => {
        const separator = i === 0 || days[i] !== days[i - 1];
        const ours = message.direction === "outbound";
        const status = ours ? deliveryText(message) : null;
        const media = Array.isArray(message.media) ? (message.media as Array<{ url?: string; contentType?: string | null }>) : [];
        return (
          <React.Fragment key={message.id}>
            {separator ? (
              <li aria-hidden="true" className="text-muted-foreground my-2 text-center text-xs">
                {formatDate(message.createdAt, hydrated ? {} : { timeZone: "UTC" })}
              </li>
            ) : null}
            <li className={cn("flex max-w-[85%] flex-col gap-0.5 sm:max-w-[70%]", ours ? "items-end self-end" : "items-start self-start")}>
              <span className="sr-only">{ours ? "You" : theirName}:</span>
              <div
                className={cn(
                  "rounded-2xl px-3.5 py-2 text-sm break-words whitespace-pre-wrap",
                  ours ? "bg-primary text-primary-foreground rounded-br-md" : "bg-muted rounded-bl-md",
                  ours && status && status.tone !== "muted" && status.tone !== "success" && "opacity-75",
                )}
              >
                {message.body}
                {media.length > 0 ? (
                  <ul className="mt-1 space-y-0.5">
                    {media.map((m, i) =>
                      m.url ? (
                        <li key={i}>
                          <a href={m.url} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 underline underline-offset-2">
                            <PaperclipIcon className="size-3" aria-hidden="true" />
                            {m.contentType ?? "Attachment"}
                          </a>
                        </li>
                      ) : null,
                    )}
                  </ul>
                ) : null}
              </div>
              <p className="text-muted-foreground flex items-center gap-1 px-1 text-[11px]">
                <LocalTime value={message.createdAt} format="time" />
                {status ? (
                  <>
                    <span aria-hidden="true">·</span>
                    <span
                      className={cn(
                        status.tone === "error" && "text-destructive",
                        status.tone === "warning" && "text-warning",
                        status.tone === "success" && "text-success",
                      )}
                    >
                      {status.tone === "error" || status.tone === "warning" ? (
                        <CircleAlertIcon className="mr-0.5 inline size-3 align-[-2px]" aria-hidden="true" />
                      ) : null}
                      {status.text}
                    </span>
                  </>
                ) : null}
              </p>
            </li>
          </React.Fragment>
        );
      })}
    </ol>
  );
}

function Composer({ selection, phones, ready }: { selection: ThreadSelection; phones: string[]; ready: boolean }) {
  const phone = usePhoneFormat();
  const utils = api.useUtils();
  const [body, setBody] = React.useState("");
  const [to, setTo] = React.useState<string | undefined>(undefined);
  const textarea = React.useRef<HTMLTextAreaElement>(null);
  const send = api.messages.send.useMutation({
    onSuccess: async (message) => {
      setBody("");
      await Promise.all([utils.messages.thread.invalidate(), utils.messages.threads.invalidate()]);
      if (message.deliveryStatus === "not_sent") {
        toast.warning("The text was saved but not sent.", { description: deliveryText(message).text });
      }
      requestAnimationFrame(() => textarea.current?.focus());
    },
    onError: (error) => toast.error(errorMessage(error, "Could not send the text.")),
  });
  const noPhone = ready && !!selection.contactId && phones.length === 0;
  const tooLong = body.length > MAX_SMS_LENGTH;
  const canSend = ready && !noPhone && body.trim().length > 0 && !tooLong && !send.isPending;
  const target = to && phones.includes(to) ? to : phones[0];

  function submit() {
    if (!canSend) return;
    send.mutate(
      selection.contactId
        ? { contactId: selection.contactId, to: phones.length > 1 ? target : undefined, body }
        : { to: selection.number, body },
    );
  }

  return (
    <form
      className="border-t p-2 sm:p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      aria-busy={send.isPending || undefined}
    >
      {noPhone ? (
        <p className="text-muted-foreground mb-2 text-sm">
          Add a phone number to this contact to text them.
        </p>
      ) : null}
      {phones.length > 1 && selection.contactId ? (
        <div className="mb-2 flex items-center gap-2">
          <Label htmlFor="composer-to" className="text-muted-foreground text-xs">
            To
          </Label>
          <Select value={target} onValueChange={setTo}>
            <SelectTrigger id="composer-to" size="sm" className="w-auto text-xs">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {phones.map((p) => (
                <SelectItem key={p} value={p}>
                  {phone(p)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      ) : null}
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1">
          <Label htmlFor="composer-body" className="sr-only">
            Message
          </Label>
          <Textarea
            id="composer-body"
            ref={textarea}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                submit();
              }
            }}
            placeholder={noPhone ? "No number to text" : "Write a text…"}
            disabled={noPhone || send.isPending}
            rows={1}
            className="max-h-40 min-h-10 resize-none"
            aria-invalid={tooLong || undefined}
            aria-describedby="composer-count composer-hint"
          />
        </div>
        <Button type="submit" disabled={!canSend}>
          {send.isPending ? <Spinner aria-hidden /> : <SendIcon aria-hidden="true" />}
          Send
        </Button>
      </div>
      <div className="text-muted-foreground mt-1 flex justify-between px-1 text-[11px]">
        <span id="composer-hint" className="max-sm:hidden">
          Enter to send · Shift+Enter for a new line
        </span>
        <span id="composer-count" className={cn("ml-auto tabular-nums", tooLong && "text-destructive")}>
          {body.length} / {MAX_SMS_LENGTH}
          <span className="sr-only"> characters</span>
        </span>
      </div>
    </form>
  );
}
