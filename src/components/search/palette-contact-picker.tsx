"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { MessageSquarePlusIcon, PhoneIcon } from "lucide-react";

import { api } from "~/trpc/react";
import { contactDisplayName } from "~/lib/contact-name";
import { useDebouncedSearch } from "~/hooks/use-debounced-value";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { CommandGroup, CommandItem, CommandList } from "~/components/ui/command";
import { useDial } from "~/components/calls/contact-actions";
import { threadHref } from "~/components/messages/message-meta";
import { HitIcon } from "./hit-parts";
import { ResultsSkeleton, useFirstSelected } from "./palette-parts";
import { SEARCH_AS_YOU_TYPE_MS } from "./search-meta";

/** Does the text look like a phone number someone is typing (three digits or more, only phone characters)? */
function looksLikeNumber(text: string) {
  return /^\+?[\d\s().-]+$/.test(text) && (text.match(/\d/g)?.length ?? 0) >= 3;
}

/**
 * "Call who?" / "Text who?": the user's contacts as they type (contacts.list, typo-tolerant), or
 * the number typed. A call rings the user's phone first (click-to-call); a text opens the thread.
 */
export function PickContact({
  mode,
  text,
  selected,
  onSelect,
  go,
  onClose,
}: {
  mode: "call" | "text";
  text: string;
  selected: string;
  onSelect: (value: string) => void;
  go: (href: string) => void;
  onClose: () => void;
}) {
  const search = useDebouncedSearch(text, SEARCH_AS_YOU_TYPE_MS);
  const formatPhone = usePhoneFormat();
  const dial = useDial();
  const query = api.contacts.list.useQuery(
    { search: search || undefined, page: 1, pageSize: 8 },
    { placeholderData: keepPreviousData, staleTime: 30_000 },
  );
  const contacts = query.data?.items ?? [];
  const typed = text.trim();
  const number = looksLikeNumber(typed) ? typed : null;

  const call = (input: { contactId?: string; number: string }) => {
    dial.mutate(input);
    onClose();
  };

  const rows = contacts.flatMap((contact) => {
    const name = contactDisplayName(contact);
    if (mode === "text") return [{ value: `text:${contact.id}`, contact, name, phone: contact.phones[0] ?? null }];
    if (!contact.phones.length) return [{ value: `call:${contact.id}:none`, contact, name, phone: null }];
    return contact.phones.slice(0, 3).map((phone) => ({ value: `call:${contact.id}:${phone}`, contact, name, phone }));
  });
  const items = [...(number ? ["number"] : []), ...rows.filter((row) => mode === "text" || row.phone).map((row) => row.value)];
  useFirstSelected(items, selected, onSelect, `${mode}|${query.dataUpdatedAt}`);

  return (
    <CommandList className="max-h-[min(28rem,calc(100dvh-14rem))] scroll-py-2">
      {number ? (
        <CommandGroup heading="Number">
          <CommandItem
            value="number"
            onSelect={() => (mode === "call" ? call({ number }) : go(threadHref({ number })))}
          >
            <span className="flex size-8 shrink-0 items-center justify-center" aria-hidden="true">
              {mode === "call" ? <PhoneIcon /> : <MessageSquarePlusIcon />}
            </span>
            {mode === "call" ? "Call" : "Text"} {number}
          </CommandItem>
        </CommandGroup>
      ) : null}
      {query.isError ? (
        <p role="alert" className="text-destructive px-4 py-3 text-sm">
          Contacts could not be loaded: {query.error.message}
        </p>
      ) : !query.data ? (
        <ResultsSkeleton />
      ) : rows.length === 0 ? (
        number ? null : (
          <p className="text-muted-foreground px-4 py-6 text-center text-sm" role="status">
            {search ? `No contacts match “${search}”. Type a phone number to ${mode} it.` : "No contacts yet. Type a phone number."}
          </p>
        )
      ) : (
        <CommandGroup heading="Contacts">
          {rows.map((row) => (
            <CommandItem
              key={row.value}
              value={row.value}
              disabled={mode === "call" && !row.phone}
              onSelect={() =>
                mode === "call"
                  ? row.phone && call({ contactId: row.contact.id, number: row.phone })
                  : go(threadHref({ contactId: row.contact.id }))
              }
            >
              <HitIcon type="contact" />
              <span className="min-w-0 flex-1 truncate font-medium">{row.name}</span>
              <span className="text-muted-foreground shrink-0 text-xs tabular-nums">
                {row.phone ? formatPhone(row.phone) : mode === "call" ? "No phone number" : null}
              </span>
            </CommandItem>
          ))}
        </CommandGroup>
      )}
    </CommandList>
  );
}
