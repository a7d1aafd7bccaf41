"use client";

import * as React from "react";
import { parseAsStringLiteral, useQueryStates } from "nuqs";
import { PlusIcon, XIcon } from "lucide-react";

import { REMINDER_KINDS, type ReminderKind } from "~/server/reminders/schemas";
import { useDropUrlKeys, useNewFlagArrivals, useUrlContact, useUrlKeyArrivals } from "~/hooks/url-state";
import { Button } from "~/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "~/components/ui/tabs";
import { ContactFilter } from "~/components/shared/contact-filter";
import type { PickedContact } from "~/components/shared/contacts-multi-select";
import { HistoryList } from "./history-list";
import { ReminderList } from "./reminder-list";
import { KIND_LABELS } from "./reminder-meta";
import { UpcomingList } from "./upcoming-list";
import { useReminderActions } from "./use-reminder-actions";

const TABS = ["upcoming", "history", "reminders"] as const;
type Tab = (typeof TABS)[number];

/** The filters and the open tab in the URL (/reminders?tab=history&kind=medication&contact=<id>). */
const params = {
  tab: parseAsStringLiteral(TABS).withDefault("upcoming"),
  kind: parseAsStringLiteral(REMINDER_KINDS),
};
/** A contact page's "New reminder" link (/reminders?contactId=…&new=1), dropped once followed. */
const ARRIVAL_KEYS = ["contactId", "new"] as const;
/** A search hit's link (/reminders?tab=reminders&reminder=…), dropped once opened. */
const FOUND_KEYS = ["reminder"] as const;

export function RemindersView({
  timeZone,
  initialContact,
  openNew,
}: {
  timeZone: string;
  initialContact: PickedContact | null;
  openNew: boolean;
}) {
  const [state, setState] = useQueryStates(params, { history: "push" });
  const [contact, setContact] = useUrlContact("contact", null);
  const kind: ReminderKind | null = state.kind;
  const filtered = kind !== null || contact !== null;
  const [awaitedTest, setAwaitedTest] = React.useState<string | null>(null);
  const { actions, elements } = useReminderActions({
    userTimeZone: timeZone,
    initialDialog: openNew ? { contact: initialContact } : null,
    onTestStarted: (occurrenceId) => {
      setAwaitedTest(occurrenceId);
      void setState({ tab: "history" });
    },
  });
  useDropUrlKeys(ARRIVAL_KEYS, openNew);
  useNewFlagArrivals(() => actions.create({ contact: initialContact }));
  // A reminder found by search (/reminders?tab=reminders&reminder=<id>) opens for editing.
  useUrlKeyArrivals("reminder", (id) => actions.edit({ id, title: "", channels: [], contact: null }), { initial: true });
  useDropUrlKeys(FOUND_KEYS, true);

  const clearFilters = () => {
    void setState({ kind: null });
    void setContact(null);
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Reminders</h1>
          <p className="text-muted-foreground text-sm">
            Calls, texts and notices that go out on their own, retried when nobody answers.
          </p>
        </div>
        <Button onClick={() => actions.create({ contact: contact ?? initialContact })}>
          <PlusIcon aria-hidden="true" />
          New reminder
        </Button>
      </div>

      <section aria-label="Filters" className="flex flex-wrap items-center gap-3">
        <div className="w-52">
          <ContactFilter aria-label="Filter by person" value={contact} onChange={(next) => void setContact(next)} />
        </div>
        <Select value={kind ?? "all"} onValueChange={(v) => void setState({ kind: v === "all" ? null : (v as ReminderKind) })}>
          <SelectTrigger className="w-44" aria-label="Filter by kind">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All kinds</SelectItem>
            {REMINDER_KINDS.map((k) => (
              <SelectItem key={k} value={k}>
                {KIND_LABELS[k]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        {filtered ? (
          <Button variant="ghost" size="sm" onClick={clearFilters}>
            <XIcon aria-hidden="true" />
            Clear filters
          </Button>
        ) : null}
      </section>

      <Tabs value={state.tab} onValueChange={(tab) => void setState({ tab: tab as Tab })}>
        <TabsList>
          <TabsTrigger value="upcoming">Upcoming</TabsTrigger>
          <TabsTrigger value="history">History</TabsTrigger>
          <TabsTrigger value="reminders">All reminders</TabsTrigger>
        </TabsList>
        <TabsContent value="upcoming" className="pt-2">
          <UpcomingList
            timeZone={timeZone}
            contactId={contact?.id ?? null}
            kind={kind}
            onNew={() => actions.create({ contact: contact ?? null })}
          />
        </TabsContent>
        <TabsContent value="history" className="pt-2">
          <HistoryList timeZone={timeZone} contactId={contact?.id ?? null} kind={kind} awaitedOccurrenceId={awaitedTest} />
        </TabsContent>
        <TabsContent value="reminders" className="pt-2">
          <ReminderList
            timeZone={timeZone}
            contactId={contact?.id ?? null}
            kind={kind}
            actions={actions}
            filtered={filtered}
            onClearFilters={clearFilters}
          />
        </TabsContent>
      </Tabs>

      {elements}
    </div>
  );
}
