"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { keepPreviousData } from "@tanstack/react-query";
import { Command as CommandPrimitive } from "cmdk";
import { useHotkeys } from "react-hotkeys-hook";
import {
  ArrowLeftIcon,
  ArrowRightIcon,
  BellPlusIcon,
  CalendarPlusIcon,
  CircleAlertIcon,
  ClockIcon,
  ListPlusIcon,
  MessageSquarePlusIcon,
  PhoneOutgoingIcon,
  RotateCcwIcon,
  SearchIcon,
  type LucideIcon,
} from "lucide-react";

import { api } from "~/trpc/react";
import { SEARCH_INPUT_MAX, type SearchHit } from "~/server/search/schemas";
import { Command, CommandGroup, CommandItem, CommandList, CommandSeparator } from "~/components/ui/command";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "~/components/ui/dialog";
import { Kbd } from "~/components/ui/kbd";
import { Spinner } from "~/components/ui/spinner";
import { Highlighted } from "~/components/shared/highlighted";
import { navItemsFor } from "~/components/app-shell/nav-items";
import { HitIcon, HitOffset } from "./hit-parts";
import { PickContact } from "./palette-contact-picker";
import { ResultsSkeleton, useFirstSelected, useSearchWhenIdle } from "./palette-parts";
import { rememberRecent, useRecentItems, type RecentItem } from "./recent-items";
import { PALETTE_DEBOUNCE_MS, PALETTE_LIMIT, SEARCH_TYPE_META, searchPageHref } from "./search-meta";

interface PaletteContextValue {
  openPalette: () => void;
}

const PaletteContext = React.createContext<PaletteContextValue | null>(null);

/** Opens the ⌘K palette (the header's search button). */
export function useCommandPalette(): PaletteContextValue {
  const context = React.useContext(PaletteContext);
  if (!context) throw new Error("useCommandPalette needs the CommandPaletteProvider of the app layout.");
  return context;
}

/**
 * The ⌘K palette of the signed-in app: ⌘K or Ctrl+K anywhere (inside a text field too; again to
 * close), or `/` when not typing in a field. `userKey` keeps each account's recent items apart.
 */
export function CommandPaletteProvider({
  userKey,
  showAdmin = false,
  children,
}: {
  userKey: string;
  showAdmin?: boolean;
  children: React.ReactNode;
}) {
  const [open, setOpen] = React.useState(false);
  // `useKey`: the key as typed, so ⌘K and `/` follow the keyboard layout, not the key's position.
  useHotkeys(["meta+k", "ctrl+k"], () => setOpen((was) => !was), {
    useKey: true,
    enableOnFormTags: true,
    enableOnContentEditable: true,
    preventDefault: true,
  });
  // Form fields and contenteditable are left alone (the library's default): there `/` is typed.
  // Modifiers are ignored so that a layout where `/` needs Shift still opens it; ⌘/ or Ctrl+/
  // are other shortcuts.
  useHotkeys("/", () => setOpen(true), {
    useKey: true,
    ignoreModifiers: true,
    ignoreEventWhen: (event) => event.ctrlKey || event.metaKey || event.altKey,
    preventDefault: true,
  });
  const value = React.useMemo(() => ({ openPalette: () => setOpen(true) }), []);

  return (
    <PaletteContext.Provider value={value}>
      {children}
      <Dialog open={open} onOpenChange={setOpen}>
        {open ? <PaletteDialog userKey={userKey} showAdmin={showAdmin} onClose={() => setOpen(false)} /> : null}
      </Dialog>
    </PaletteContext.Provider>
  );
}

type Mode = "search" | "call" | "text";

const MODE_PLACEHOLDER: Record<Mode, string> = {
  search: "Search contacts, calls, messages, tasks… or type a command",
  call: "Call who? A name or a phone number",
  text: "Text who? A name or a phone number",
};

interface QuickAction {
  value: string;
  label: string;
  /** Extra words it is found by. */
  keywords: string[];
  icon: LucideIcon;
  run: () => void;
}

/** The palette itself; mounted while open, so each opening starts empty. */
function PaletteDialog({ userKey, showAdmin, onClose }: { userKey: string; showAdmin: boolean; onClose: () => void }) {
  const router = useRouter();
  const [mode, setMode] = React.useState<Mode>("search");
  const [text, setText] = React.useState("");
  const [selected, setSelected] = React.useState("");
  const inputRef = React.useRef<HTMLInputElement>(null);

  const go = React.useCallback(
    (href: string) => {
      onClose();
      router.push(href);
    },
    [onClose, router],
  );
  const switchMode = React.useCallback((next: Mode) => {
    setMode(next);
    setText("");
    inputRef.current?.focus();
  }, []);

  const actions: QuickAction[] = React.useMemo(
    () => [
      { value: "action:new-task", label: "New task", keywords: ["add", "todo", "create"], icon: ListPlusIcon, run: () => go("/tasks?new=1") },
      { value: "action:new-reminder", label: "New reminder", keywords: ["add", "create", "remind"], icon: BellPlusIcon, run: () => go("/reminders?new=1") },
      { value: "action:new-event", label: "New event", keywords: ["add", "create", "calendar", "meeting"], icon: CalendarPlusIcon, run: () => go("/calendar?new=1") },
      { value: "action:call", label: "Call someone…", keywords: ["dial", "phone", "ring"], icon: PhoneOutgoingIcon, run: () => switchMode("call") },
      { value: "action:text", label: "Text someone…", keywords: ["sms", "message", "write", "send"], icon: MessageSquarePlusIcon, run: () => switchMode("text") },
    ],
    [go, switchMode],
  );
  const pages: QuickAction[] = React.useMemo(
    () =>
      navItemsFor(showAdmin).map((item) => ({
        value: `page:${item.href}`,
        label: item.label,
        keywords: ["go", "open", "page"],
        icon: item.icon,
        run: () => go(item.href),
      })),
    [showAdmin, go],
  );

  // Escape and Backspace in an empty box step back from "Call who?" to the search.
  const back = mode !== "search";
  function onKeyDown(event: React.KeyboardEvent) {
    if (back && event.key === "Backspace" && text === "") {
      event.preventDefault();
      switchMode("search");
    }
  }

  return (
    <DialogContent
      showCloseButton={false}
      className="top-[12%] translate-y-0 gap-0 overflow-hidden p-0 sm:max-w-xl"
      onEscapeKeyDown={(event) => {
        if (!back) return;
        event.preventDefault();
        switchMode("search");
      }}
    >
      <DialogTitle className="sr-only">Search</DialogTitle>
      <DialogDescription className="sr-only">
        Search everything, open a page or run an action. Arrow keys move, Enter opens, Escape closes.
      </DialogDescription>
      <Command
        shouldFilter={false}
        value={selected}
        onValueChange={setSelected}
        onKeyDown={onKeyDown}
        label="Search everything"
        className="[&_[cmdk-group-heading]]:text-muted-foreground rounded-none [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:font-medium"
      >
        <PaletteInput
          ref={inputRef}
          mode={mode}
          value={text}
          onValueChange={setText}
          onBack={back ? () => switchMode("search") : undefined}
        />
        {mode === "search" ? (
          <SearchResults
            text={text}
            userKey={userKey}
            actions={actions}
            pages={pages}
            selected={selected}
            onSelect={setSelected}
            go={go}
          />
        ) : (
          <PickContact mode={mode} text={text} selected={selected} onSelect={setSelected} go={go} onClose={onClose} />
        )}
        <PaletteFooter back={back} />
      </Command>
    </DialogContent>
  );
}

function PaletteInput({
  ref,
  mode,
  value,
  onValueChange,
  onBack,
}: {
  ref: React.Ref<HTMLInputElement>;
  mode: Mode;
  value: string;
  onValueChange: (value: string) => void;
  onBack?: () => void;
}) {
  return (
    <div className="flex h-12 items-center gap-2 border-b px-3">
      {onBack ? (
        <button
          type="button"
          onClick={onBack}
          className="text-muted-foreground hover:text-foreground bg-muted flex shrink-0 items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium"
          aria-label="Back to search"
        >
          <ArrowLeftIcon className="size-3" aria-hidden="true" />
          {mode === "call" ? "Call" : "Text"}
        </button>
      ) : (
        <SearchIcon className="text-muted-foreground size-4 shrink-0" aria-hidden="true" />
      )}
      <CommandPrimitive.Input
        ref={ref}
        autoFocus
        value={value}
        onValueChange={onValueChange}
        maxLength={SEARCH_INPUT_MAX}
        placeholder={MODE_PLACEHOLDER[mode]}
        className="placeholder:text-muted-foreground h-full w-full min-w-0 bg-transparent text-sm outline-hidden"
      />
    </div>
  );
}

function PaletteFooter({ back }: { back: boolean }) {
  return (
    <div className="text-muted-foreground hidden items-center gap-4 border-t px-3 py-2 text-xs sm:flex" aria-hidden="true">
      <span className="flex items-center gap-1">
        <Kbd>↑</Kbd>
        <Kbd>↓</Kbd> to move
      </span>
      <span className="flex items-center gap-1">
        <Kbd>↵</Kbd> to open
      </span>
      <span className="ml-auto flex items-center gap-1">
        <Kbd>esc</Kbd> {back ? "back" : "to close"}
      </span>
    </div>
  );
}


/** Every word of the query starts a word of the action's label or keywords. */
function matchesAction(action: QuickAction, query: string) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const haystack = [...action.label.toLowerCase().split(/[^a-z0-9]+/), ...action.keywords];
  return words.every((word) => haystack.some((candidate) => candidate.startsWith(word)));
}

/** The query starts the action's label: "new t" for New task, "cont" for Contacts. */
function stronglyMatches(action: QuickAction, query: string) {
  const q = query.trim().toLowerCase();
  return q.length >= 2 && action.label.toLowerCase().startsWith(q);
}

function hitValue(hit: Pick<SearchHit, "type" | "id" | "seconds">, index: number) {
  return `hit:${hit.type}:${hit.id}:${hit.seconds ?? ""}:${index}`;
}

function SearchResults({
  text,
  userKey,
  actions,
  pages,
  selected,
  onSelect,
  go,
}: {
  text: string;
  userKey: string;
  actions: QuickAction[];
  pages: QuickAction[];
  selected: string;
  onSelect: (value: string) => void;
  go: (href: string) => void;
}) {
  const typed = text.trim();
  // The text searched for: the newest typed one, one search at a time (useSearchWhenIdle).
  const [q, setQ] = React.useState(typed);
  const recent = useRecentItems(userKey);
  const query = api.search.query.useQuery(
    { q, mode: "grouped", limit: PALETTE_LIMIT },
    // The previous query's results stay while the next ones load: no flicker between keys.
    { enabled: q !== "", placeholderData: keepPreviousData, staleTime: 30_000, retry: false },
  );
  useSearchWhenIdle(typed, q, setQ, query.isFetching, PALETTE_DEBOUNCE_MS);
  const data = q === "" ? undefined : query.data;
  const groups = data?.groups ?? [];

  const matchedActions = typed ? actions.filter((action) => matchesAction(action, typed)) : actions;
  const matchedPages = typed ? pages.filter((page) => matchesAction(page, typed)) : pages;
  const commandsFirst = [...matchedActions, ...matchedPages].some((action) => stronglyMatches(action, typed));

  const open = (hit: RecentItem | SearchHit) => {
    rememberRecent(userKey, hit);
    go(hit.href);
  };

  // The items in the order shown, for the first-item selection.
  const hitItems = groups.flatMap((group) => [
    ...group.hits.map((hit, index) => hitValue(hit, index)),
    ...(group.more ? [`more:${group.type}`] : []),
  ]);
  const resultItems = [...(query.isError && q !== "" ? ["retry"] : []), ...hitItems, ...(hitItems.length ? ["all"] : [])];
  const commandItems = [...matchedActions.map((a) => a.value), ...matchedPages.map((p) => p.value)];
  const items =
    typed === ""
      ? [...recent.map((item, index) => hitValue(item, index)), ...commandItems]
      : commandsFirst
        ? [...commandItems, ...resultItems]
        : [...resultItems, ...commandItems];
  useFirstSelected(items, selected, onSelect, `${data?.q ?? ""}|${typed === ""}`);

  const loading = q !== "" && !data && query.isPending && query.fetchStatus !== "idle";
  const empty = data !== undefined && data.q !== "" && groups.length === 0 && !query.isError;
  const searching = typed !== "" && (typed !== q || query.isFetching);

  const commands = (
    <>
      {matchedActions.length ? (
        <CommandGroup heading="Actions">
          {matchedActions.map((action) => (
            <ActionItem key={action.value} action={action} />
          ))}
        </CommandGroup>
      ) : null}
      {matchedPages.length ? (
        <CommandGroup heading="Go to">
          {matchedPages.map((page) => (
            <ActionItem key={page.value} action={page} />
          ))}
        </CommandGroup>
      ) : null}
    </>
  );

  const results = (
    <>
      {query.isError && q !== "" ? (
        <div className="p-2">
          <p role="alert" className="text-destructive flex items-start gap-2 px-2 py-1.5 text-sm">
            <CircleAlertIcon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            Search failed: {query.error.message}
          </p>
          <CommandItem value="retry" onSelect={() => void query.refetch()}>
            <RotateCcwIcon aria-hidden="true" />
            Try again
          </CommandItem>
        </div>
      ) : null}
      {loading ? <ResultsSkeleton /> : null}
      {empty ? (
        <p className="text-muted-foreground px-4 py-6 text-center text-sm" role="status">
          No results for “{data.q}”.
        </p>
      ) : null}
      {groups.map((group) => {
        const meta = SEARCH_TYPE_META[group.type];
        return (
          <CommandGroup key={group.type} heading={meta.plural}>
            {group.hits.map((hit, index) => (
              <HitItem key={hitValue(hit, index)} value={hitValue(hit, index)} hit={hit} onSelect={() => open(hit)} />
            ))}
            {group.more ? (
              <CommandItem value={`more:${group.type}`} onSelect={() => go(searchPageHref(data?.q ?? q, group.type))} className="text-muted-foreground">
                <ArrowRightIcon aria-hidden="true" className="mx-2" />
                More {meta.plural.toLowerCase()} for “{data?.q ?? q}”
              </CommandItem>
            ) : null}
          </CommandGroup>
        );
      })}
      {hitItems.length ? (
        <CommandGroup>
          <CommandItem value="all" onSelect={() => go(searchPageHref(data?.q ?? q))}>
            <SearchIcon aria-hidden="true" className="mx-2" />
            See all results for “{data?.q ?? q}”
          </CommandItem>
        </CommandGroup>
      ) : null}
    </>
  );

  return (
    <CommandList
      className="max-h-[min(28rem,calc(100dvh-14rem))] scroll-py-2"
      aria-busy={searching || undefined}
      // The query whose results are shown (they stay while the next ones load): the keystroke
      // benchmark (scripts/bench/search-keystroke.ts) waits for it to equal what was typed.
      data-results-for={data?.q}
    >
      {searching && data ? (
        <span className="sr-only" role="status">
          Searching…
        </span>
      ) : null}
      {typed === "" ? (
        <>
          {recent.length ? (
            <>
              <CommandGroup heading="Recent">
                {recent.map((item, index) => (
                  <HitItem key={hitValue(item, index)} value={hitValue(item, index)} hit={item} onSelect={() => open(item)} recent />
                ))}
              </CommandGroup>
              <CommandSeparator />
            </>
          ) : null}
          {commands}
        </>
      ) : commandsFirst ? (
        <>
          {commands}
          {results}
        </>
      ) : (
        <>
          {results}
          {matchedActions.length || matchedPages.length ? <CommandSeparator /> : null}
          {commands}
        </>
      )}
      {searching && data ? <Spinner className="text-muted-foreground absolute top-4 right-4" aria-hidden /> : null}
    </CommandList>
  );
}

function ActionItem({ action }: { action: QuickAction }) {
  const Icon = action.icon;
  return (
    <CommandItem value={action.value} keywords={action.keywords} onSelect={action.run}>
      <span className="flex size-8 shrink-0 items-center justify-center" aria-hidden="true">
        <Icon />
      </span>
      {action.label}
    </CommandItem>
  );
}

function HitItem({
  value,
  hit,
  onSelect,
  recent = false,
}: {
  value: string;
  hit: RecentItem | SearchHit;
  onSelect: () => void;
  recent?: boolean;
}) {
  const snippet = "snippet" in hit ? hit.snippet : null;
  // No date column: the subtitle already says when (a call's time, a task's due date), and the
  // title keeps the room on a phone.
  return (
    <CommandItem value={value} onSelect={onSelect} className="items-start gap-3 py-2" data-testid="search-hit" data-type={hit.type} data-seconds={hit.seconds ?? undefined}>
      <HitIcon type={hit.type} />
      <div className="min-w-0 flex-1">
        <div className="flex min-w-0 items-center gap-2 overflow-hidden">
          {/* The title gives way last: the subtitle is cut first. */}
          <span className="max-w-[80%] shrink-0 truncate font-medium">{hit.title}</span>
          {hit.seconds !== null ? <HitOffset seconds={hit.seconds} /> : null}
          {hit.subtitle ? <span className="text-muted-foreground min-w-0 truncate text-xs">{hit.subtitle}</span> : null}
        </div>
        {snippet ? (
          <p className="text-muted-foreground line-clamp-2 text-xs">
            <Highlighted text={snippet} />
          </p>
        ) : recent ? (
          <p className="text-muted-foreground text-xs">{SEARCH_TYPE_META[hit.type].label}</p>
        ) : null}
      </div>
      {recent ? <ClockIcon className="text-muted-foreground mt-2 size-3.5" aria-hidden="true" /> : null}
    </CommandItem>
  );
}
