"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { TZDate } from "@date-fns/tz";
import { keepPreviousData } from "@tanstack/react-query";
import {
  addDays,
  addMonths,
  addWeeks,
  eachDayOfInterval,
  endOfMonth,
  format,
  isSameDay,
  isSameMonth,
  startOfMonth,
  startOfWeek,
} from "date-fns";
import { CalendarDaysIcon, ChevronLeftIcon, ChevronRightIcon, MapPinIcon, PlusIcon, UsersIcon } from "lucide-react";
import { toast } from "sonner";

import { api } from "~/trpc/react";
import { cn } from "~/lib/utils";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Skeleton } from "~/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "~/components/ui/tabs";
import { EmptyState } from "~/components/shared/empty-state";
import { ListError, loadError } from "~/components/shared/list-state";
import { errorMessage } from "~/components/shared/form-errors";
import { useDropUrlKeys, useNewFlagArrivals, useUrlKeyArrivals } from "~/hooks/url-state";
import { EventDialog, type CalendarEventItem, type EventDefaults } from "./event-dialog";
import { useReminderCalendarItems } from "~/components/reminders/calendar-occurrences";
import type { PickedContact } from "~/components/shared/contacts-multi-select";
import { contactDisplayName } from "~/lib/contact-name";
import { dayIndex, isSpanning, layoutBars, layoutDay, overlaps, type Segment } from "./layout";

type View = "month" | "week" | "agenda";
const VIEWS: View[] = ["month", "week", "agenda"];

const HOUR_PX = 48;
const BAR_PX = 22;
const MAX_BAR_LANES = 3;
const MAX_TIMED_IN_CELL = 3;

interface DialogState {
  key: number;
  event: CalendarEventItem | null;
  defaults: EventDefaults;
}

const PHONE_QUERY = "(max-width: 639px)";
function subscribePhone(onChange: () => void) {
  const query = window.matchMedia(PHONE_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}
function isPhoneNow() {
  return window.matchMedia(PHONE_QUERY).matches;
}

function rangeOf(view: View, cursor: TZDate): { start: TZDate; end: TZDate } {
  if (view === "week") {
    const start = startOfWeek(cursor);
    return { start, end: addDays(start, 7) };
  }
  if (view === "agenda") {
    const start = startOfMonth(cursor);
    return { start, end: addMonths(start, 1) };
  }
  const first: TZDate = startOfMonth(cursor);
  const last: TZDate = endOfMonth(cursor);
  return { start: startOfWeek(first), end: addDays(startOfWeek(last), 7) };
}

function timeLabel(date: Date, timeZone: string) {
  const d = new TZDate(date.getTime(), timeZone);
  return d.getMinutes() === 0 ? format(d, "h a") : format(d, "h:mm a");
}

function eventTimeText(event: CalendarEventItem, timeZone: string) {
  if (event.allDay) {
    const last = event.endsAt ? addDays(new TZDate(event.endsAt.getTime(), timeZone), -1) : null;
    const first = new TZDate(event.startsAt.getTime(), timeZone);
    return last && !isSameDay(first, last) ? `All day, ${format(first, "MMM d")} – ${format(last, "MMM d")}` : "All day";
  }
  const start = new TZDate(event.startsAt.getTime(), timeZone);
  if (!event.endsAt) return timeLabel(start, timeZone);
  const end = new TZDate(event.endsAt.getTime(), timeZone);
  return isSameDay(start, new TZDate(event.endsAt.getTime() - 1, timeZone))
    ? `${timeLabel(start, timeZone)} – ${timeLabel(end, timeZone)}`
    : `${format(start, "MMM d, h:mm a")} – ${format(end, "MMM d, h:mm a")}`;
}

/** The "Add event" link's one-off instructions (/calendar?contactId=…&new=1), dropped once followed. */
const ARRIVAL_KEYS = ["contactId", "new"] as const;
/** A search hit's link (/calendar?date=…&event=…): the event is opened from its id, the day from the event. */
const FOUND_KEYS = ["date", "event"] as const;

export function CalendarView({
  timeZone,
  initialContact,
  openNew,
}: {
  timeZone: string;
  /** Prefill for the create dialog (from /calendar?contactId=…&new=1). */
  initialContact: PickedContact | null;
  openNew: boolean;
}) {
  // Phones start on the agenda: a month grid has no room for titles there.
  const isPhone = React.useSyncExternalStore(subscribePhone, isPhoneNow, () => false);
  const [chosenView, setView] = React.useState<View | null>(null);
  const view: View = chosenView ?? (isPhone ? "agenda" : "month");
  const [cursor, setCursor] = React.useState(() => new TZDate(Date.now(), timeZone));
  const [now, setNow] = React.useState(() => new TZDate(Date.now(), timeZone));
  const [dialog, setDialog] = React.useState<DialogState | null>(() =>
    openNew ? { key: 0, event: null, defaults: { contacts: initialContact ? [initialContact] : [] } } : null,
  );

  useDropUrlKeys(ARRIVAL_KEYS, openNew);
  React.useEffect(() => {
    const timer = setInterval(() => setNow(new TZDate(Date.now(), timeZone)), 60_000);
    return () => clearInterval(timer);
  }, [timeZone]);

  const { start, end } = rangeOf(view, cursor);
  const query = api.calendar.list.useQuery(
    { from: new Date(start.getTime()).toISOString(), to: new Date(end.getTime()).toISOString() },
    { placeholderData: keepPreviousData },
  );
  // Reminder occurrences show beside the events; one opens the Reminders page, not the event dialog.
  const reminders = useReminderCalendarItems(new Date(start.getTime()), new Date(end.getTime()));
  const events = [...(query.data?.items ?? []), ...reminders.items];
  const router = useRouter();

  const openNewEvent = (defaults: EventDefaults = {}) =>
    setDialog((prev) => ({ key: (prev?.key ?? 0) + 1, event: null, defaults }));
  useNewFlagArrivals(() => openNewEvent({ contacts: initialContact ? [initialContact] : [] }));
  // An event found by search (/calendar?date=…&event=<id>): its month (or week), the event open.
  const utils = api.useUtils();
  useUrlKeyArrivals(
    "event",
    (id) => {
      utils.calendar.get
        .fetch({ id })
        .then((event) => {
          setCursor(new TZDate(event.startsAt.getTime(), timeZone));
          setDialog((prev) => ({ key: (prev?.key ?? 0) + 1, event, defaults: {} }));
        })
        .catch((error: Parameters<typeof errorMessage>[0]) => toast.error(errorMessage(error, "Could not open the event.")));
    },
    { initial: true },
  );
  useDropUrlKeys(FOUND_KEYS, true);
  const openEvent = (event: CalendarEventItem) => {
    const reminderHref = reminders.hrefOf(event);
    if (reminderHref) router.push(reminderHref);
    else setDialog((prev) => ({ key: (prev?.key ?? 0) + 1, event, defaults: {} }));
  };

  const step = (direction: 1 | -1) =>
    setCursor((c) => (view === "week" ? addWeeks(c, direction) : addMonths(c, direction)));
  const unit = view === "week" ? "week" : "month";
  const title =
    view === "week"
      ? `${format(start, "MMM d")} – ${format(addDays(end, -1), isSameMonth(start, addDays(end, -1)) ? "d, yyyy" : "MMM d, yyyy")}`
      : format(cursor, "MMMM yyyy");

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Calendar</h1>
          <p className="text-muted-foreground text-sm">Meetings, calls and days to remember.</p>
        </div>
        <Button onClick={() => openNewEvent(initialContact ? { contacts: [initialContact] } : {})}>
          <PlusIcon aria-hidden="true" />
          New event
        </Button>
      </div>

      <Tabs value={view} onValueChange={(v) => VIEWS.includes(v as View) && setView(v as View)}>
        <div className="flex flex-col gap-3 md:flex-row md:items-center md:justify-between">
          <div className="flex items-center gap-2">
            <Button variant="outline" size="icon" aria-label={`Previous ${unit}`} onClick={() => step(-1)}>
              <ChevronLeftIcon aria-hidden="true" />
            </Button>
            <Button variant="outline" size="icon" aria-label={`Next ${unit}`} onClick={() => step(1)}>
              <ChevronRightIcon aria-hidden="true" />
            </Button>
            <Button variant="outline" onClick={() => setCursor(new TZDate(Date.now(), timeZone))}>
              Today
            </Button>
            <h2 className="ml-2 text-lg font-semibold" aria-live="polite">
              {title}
            </h2>
            {query.isFetching && !query.isLoading ? <span className="sr-only">Updating…</span> : null}
          </div>
          <TabsList aria-label="Calendar view">
            <TabsTrigger value="month">Month</TabsTrigger>
            <TabsTrigger value="week">Week</TabsTrigger>
            <TabsTrigger value="agenda">Agenda</TabsTrigger>
          </TabsList>
        </div>

        {query.isError ? (
          <ListError className="mt-4">{loadError("The calendar could not be loaded.", query.error)}</ListError>
        ) : null}

        <TabsContent value="month" className="mt-4">
          {query.isLoading ? (
            <GridSkeleton rows={5} />
          ) : (
            <MonthGrid
              start={start}
              end={end}
              cursor={cursor}
              now={now}
              events={events}
              timeZone={timeZone}
              onDay={(day) => openNewEvent({ start: format(day, "yyyy-MM-dd") })}
              onEvent={openEvent}
              onMore={(day) => {
                setCursor(day);
                setView("week");
              }}
            />
          )}
        </TabsContent>
        <TabsContent value="week" className="mt-4">
          {query.isLoading ? (
            <GridSkeleton rows={1} tall />
          ) : (
            <WeekGrid
              start={start}
              now={now}
              events={events}
              timeZone={timeZone}
              onSlot={(day, minutes) =>
                openNewEvent({
                  start: `${format(day, "yyyy-MM-dd")}T${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`,
                })
              }
              onDay={(day) => openNewEvent({ start: format(day, "yyyy-MM-dd"), allDay: true })}
              onEvent={openEvent}
            />
          )}
        </TabsContent>
        <TabsContent value="agenda" className="mt-4">
          {query.isLoading ? (
            <div className="space-y-3" aria-busy="true">
              <span className="sr-only">Loading events…</span>
              {Array.from({ length: 4 }, (_, i) => (
                <Skeleton key={i} className="h-16 w-full" />
              ))}
            </div>
          ) : (
            <Agenda
              start={start}
              end={end}
              now={now}
              events={events}
              timeZone={timeZone}
              onEvent={openEvent}
              onNew={() => openNewEvent()}
              monthLabel={format(cursor, "MMMM")}
            />
          )}
        </TabsContent>
      </Tabs>

      {dialog ? (
        <EventDialog
          key={dialog.key}
          open
          onOpenChange={(open) => (open ? undefined : setDialog(null))}
          timeZone={timeZone}
          event={dialog.event}
          defaults={dialog.defaults}
        />
      ) : null}
    </div>
  );
}

function GridSkeleton({ rows, tall = false }: { rows: number; tall?: boolean }) {
  return (
    <div className="grid gap-2" aria-busy="true">
      <span className="sr-only">Loading events…</span>
      <Skeleton className="h-8 w-full" />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className={tall ? "h-[28rem] w-full" : "h-28 w-full"} />
      ))}
    </div>
  );
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** A spanning event's bar, placed by its segment over a 7-column row whose lane 0 starts at `top`. */
function Bar({
  bar,
  top,
  timeZone,
  onClick,
}: {
  bar: Segment<CalendarEventItem>;
  top: number;
  timeZone: string;
  onClick: () => void;
}) {
  const { event, continuesBefore, continuesAfter } = bar;
  return (
    <button
      type="button"
      style={{
        top: top + bar.lane * BAR_PX,
        height: BAR_PX - 3,
        left: `calc(${(bar.startCol / 7) * 100}% + 3px)`,
        width: `calc(${((bar.endCol - bar.startCol + 1) / 7) * 100}% - 6px)`,
      }}
      onClick={(e) => {
        e.stopPropagation();
        onClick();
      }}
      title={`${event.title} · ${eventTimeText(event, timeZone)}`}
      className={cn(
        "bg-primary text-primary-foreground focus-visible:ring-ring absolute z-10 truncate px-1.5 text-left text-xs leading-5 font-medium hover:opacity-90 focus-visible:ring-2 focus-visible:outline-none",
        continuesBefore ? "rounded-l-none" : "rounded-l-md",
        continuesAfter ? "rounded-r-none" : "rounded-r-md",
      )}
    >
      {continuesBefore ? <span aria-hidden="true">← </span> : null}
      {!event.allDay ? <span className="opacity-80">{timeLabel(event.startsAt, timeZone)} </span> : null}
      {event.title}
      <span className="sr-only">, {eventTimeText(event, timeZone)}</span>
    </button>
  );
}

function MonthGrid({
  start,
  end,
  cursor,
  now,
  events,
  timeZone,
  onDay,
  onEvent,
  onMore,
}: {
  start: TZDate;
  end: TZDate;
  cursor: TZDate;
  now: TZDate;
  events: CalendarEventItem[];
  timeZone: string;
  onDay: (day: TZDate) => void;
  onEvent: (event: CalendarEventItem) => void;
  onMore: (day: TZDate) => void;
}) {
  const days = eachDayOfInterval({ start, end: addDays(end, -1) });
  const weeks: TZDate[][] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  const spanning = events.filter((e) => isSpanning(e, timeZone));
  const timed = events.filter((e) => !isSpanning(e, timeZone));

  return (
    <div className="overflow-hidden rounded-lg border">
      <div className="bg-muted/50 grid grid-cols-7 border-b text-center text-xs font-medium">
        {WEEKDAYS.map((d) => (
          <div key={d} className="py-2">
            {d}
          </div>
        ))}
      </div>
      {weeks.map((week) => {
        const weekStart = week[0]!;
        const bars = layoutBars(spanning, weekStart, 7, timeZone);
        const visibleBars = bars.filter((b) => b.lane < MAX_BAR_LANES);
        const lanesShown = Math.min(MAX_BAR_LANES, Math.max(0, ...bars.map((b) => b.lane + 1)));
        return (
          <div key={weekStart.getTime()} className="relative grid grid-cols-7 border-b last:border-b-0">
            {visibleBars.map((bar) => (
              <Bar key={bar.event.id} bar={bar} top={30} timeZone={timeZone} onClick={() => onEvent(bar.event)} />
            ))}
            {week.map((day, col) => {
              const dayEnd = addDays(day, 1);
              const dayTimed = timed.filter((e) => overlaps(e, day, dayEnd));
              const hiddenBars = bars.filter((b) => b.lane >= MAX_BAR_LANES && b.startCol <= col && b.endCol >= col).length;
              const shownTimed = dayTimed.slice(0, MAX_TIMED_IN_CELL);
              const more = dayTimed.length - shownTimed.length + hiddenBars;
              const isToday = isSameDay(day, now);
              const inMonth = isSameMonth(day, cursor);
              return (
                <div
                  key={day.getTime()}
                  onClick={() => onDay(day)}
                  data-today={isToday || undefined}
                  className={cn(
                    "hover:bg-accent/40 min-h-28 cursor-pointer border-r p-1 last:border-r-0",
                    !inMonth && "bg-muted/30 text-muted-foreground",
                  )}
                >
                  <button
                    type="button"
                    onClick={(e) => {
                      e.stopPropagation();
                      onDay(day);
                    }}
                    aria-label={`Schedule on ${format(day, "EEEE, MMMM d")}`}
                    className={cn(
                      "hover:bg-accent focus-visible:ring-ring flex size-6 items-center justify-center rounded-full text-xs focus-visible:ring-2 focus-visible:outline-none",
                      isToday && "bg-primary text-primary-foreground hover:bg-primary/90 font-semibold",
                    )}
                  >
                    <span aria-hidden="true">{format(day, "d")}</span>
                  </button>
                  <div style={{ height: lanesShown * BAR_PX }} aria-hidden="true" />
                  <ul className="mt-0.5 space-y-0.5">
                    {shownTimed.map((event) => (
                      <li key={event.id}>
                        <button
                          type="button"
                          onClick={(e) => {
                            e.stopPropagation();
                            onEvent(event);
                          }}
                          title={`${event.title} · ${eventTimeText(event, timeZone)}`}
                          className="hover:bg-accent focus-visible:ring-ring flex w-full items-center gap-1 truncate rounded px-1 text-left text-xs leading-5 focus-visible:ring-2 focus-visible:outline-none"
                        >
                          <span className="bg-primary size-1.5 shrink-0 rounded-full" aria-hidden="true" />
                          <span className="text-muted-foreground shrink-0">{timeLabel(event.startsAt, timeZone)}</span>
                          <span className="truncate">{event.title}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                  {more > 0 ? (
                    <button
                      type="button"
                      onClick={(e) => {
                        e.stopPropagation();
                        onMore(day);
                      }}
                      className="text-muted-foreground hover:text-foreground px-1 text-xs font-medium"
                    >
                      +{more} more
                    </button>
                  ) : null}
                </div>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}

function WeekGrid({
  start,
  now,
  events,
  timeZone,
  onSlot,
  onDay,
  onEvent,
}: {
  start: TZDate;
  now: TZDate;
  events: CalendarEventItem[];
  timeZone: string;
  onSlot: (day: TZDate, minutes: number) => void;
  onDay: (day: TZDate) => void;
  onEvent: (event: CalendarEventItem) => void;
}) {
  const days = Array.from({ length: 7 }, (_, i) => addDays(start, i));
  const spanning = events.filter((e) => isSpanning(e, timeZone));
  const timed = events.filter((e) => !isSpanning(e, timeZone));
  const bars = layoutBars(spanning, start, 7, timeZone);
  const lanes = Math.max(1, ...bars.map((b) => b.lane + 1));
  const scroller = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 7 * HOUR_PX - 12;
  }, []);
  const nowIndex = dayIndex(now, start, timeZone);
  const nowMinutes = now.getHours() * 60 + now.getMinutes();

  return (
    <div className="overflow-hidden rounded-lg border">
      <div className="bg-muted/50 grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))] border-b">
        <div />
        {days.map((day) => {
          const isToday = isSameDay(day, now);
          return (
            <div key={day.getTime()} className="border-l py-2 text-center text-xs">
              <div className="text-muted-foreground font-medium">{format(day, "EEE")}</div>
              <button
                type="button"
                onClick={() => onDay(day)}
                aria-label={`Schedule a full-day event on ${format(day, "EEEE, MMMM d")}`}
                className={cn(
                  "hover:bg-accent focus-visible:ring-ring mx-auto mt-0.5 flex size-7 items-center justify-center rounded-full text-sm focus-visible:ring-2 focus-visible:outline-none",
                  isToday && "bg-primary text-primary-foreground hover:bg-primary/90 font-semibold",
                )}
              >
                <span aria-hidden="true">{format(day, "d")}</span>
              </button>
            </div>
          );
        })}
      </div>
      <div className="grid grid-cols-[3.5rem_minmax(0,1fr)] border-b">
        <div className="text-muted-foreground flex items-center justify-end pr-2 text-[10px] uppercase">All day</div>
        <div className="relative border-l" style={{ height: lanes * BAR_PX + 6 }}>
          {bars.map((bar) => (
            <Bar key={bar.event.id} bar={bar} top={3} timeZone={timeZone} onClick={() => onEvent(bar.event)} />
          ))}
        </div>
      </div>
      <div ref={scroller} className="max-h-[36rem] overflow-y-auto">
        <div className="relative grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))]" style={{ height: 24 * HOUR_PX }}>
          <div className="relative">
            {Array.from({ length: 23 }, (_, h) => (
              <div
                key={h}
                className="text-muted-foreground absolute right-2 -translate-y-1/2 text-[10px]"
                style={{ top: (h + 1) * HOUR_PX }}
              >
                {format(new Date(2000, 0, 1, h + 1), "h a")}
              </div>
            ))}
          </div>
          {days.map((day, col) => {
            const dayEnd = addDays(day, 1);
            const placed = layoutDay(
              timed.filter((e) => overlaps(e, day, dayEnd)),
              day,
              dayEnd,
            );
            return (
              <div
                key={day.getTime()}
                className="relative cursor-pointer border-l"
                onClick={(e) => {
                  const rect = e.currentTarget.getBoundingClientRect();
                  const minutes = Math.floor(((e.clientY - rect.top) / HOUR_PX) * 2) * 30;
                  onSlot(day, Math.min(Math.max(minutes, 0), 23 * 60 + 30));
                }}
              >
                {Array.from({ length: 24 }, (_, h) => (
                  <div key={h} className="border-b border-dashed" style={{ height: HOUR_PX }} aria-hidden="true" />
                ))}
                {nowIndex === col ? (
                  <div
                    className="bg-destructive pointer-events-none absolute right-0 left-0 z-20 h-0.5"
                    style={{ top: (nowMinutes / 60) * HOUR_PX }}
                    aria-hidden="true"
                  />
                ) : null}
                {placed.map((p) => (
                  <button
                    key={p.event.id}
                    type="button"
                    onClick={(e) => {
                      e.stopPropagation();
                      onEvent(p.event);
                    }}
                    title={`${p.event.title} · ${eventTimeText(p.event, timeZone)}`}
                    className="bg-primary/15 border-primary text-foreground hover:bg-primary/25 focus-visible:ring-ring absolute z-10 overflow-hidden rounded-md border-l-4 px-1.5 py-0.5 text-left text-xs focus-visible:ring-2 focus-visible:outline-none"
                    style={{
                      top: (p.top / 60) * HOUR_PX + 1,
                      height: Math.max((p.height / 60) * HOUR_PX - 2, 18),
                      left: `calc(${(p.lane / p.lanes) * 100}% + 2px)`,
                      width: `calc(${100 / p.lanes}% - 4px)`,
                    }}
                  >
                    {(p.height / 60) * HOUR_PX < 40 ? (
                      <span className="block truncate leading-4">
                        <span className="font-medium">{p.event.title}</span>
                        <span className="text-muted-foreground"> · {timeLabel(p.event.startsAt, timeZone)}</span>
                      </span>
                    ) : (
                      <>
                        <span className="block truncate font-medium">{p.event.title}</span>
                        <span className="text-muted-foreground block truncate">{eventTimeText(p.event, timeZone)}</span>
                      </>
                    )}
                  </button>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function Agenda({
  start,
  end,
  now,
  events,
  timeZone,
  onEvent,
  onNew,
  monthLabel,
}: {
  start: TZDate;
  end: TZDate;
  now: TZDate;
  events: CalendarEventItem[];
  timeZone: string;
  onEvent: (event: CalendarEventItem) => void;
  onNew: () => void;
  monthLabel: string;
}) {
  const days = eachDayOfInterval({ start, end: addDays(end, -1) });
  // Each event is listed once, on the first day of the range it occupies.
  const groups = days
    .map((day) => ({
      day,
      events: events.filter((e) => {
        const index = Math.max(0, dayIndex(e.startsAt, start, timeZone));
        return isSameDay(addDays(start, index), day);
      }),
    }))
    .filter((g) => g.events.length > 0);

  if (groups.length === 0) {
    return (
      <EmptyState icon={CalendarDaysIcon}>
        Nothing scheduled in {monthLabel}.{" "}
        <button type="button" onClick={onNew} className="text-foreground font-medium underline underline-offset-4">
          Add an event
        </button>
      </EmptyState>
    );
  }

  return (
    <ol className="space-y-4">
      {groups.map(({ day, events: dayEvents }) => {
        const isToday = isSameDay(day, now);
        return (
          <li key={day.getTime()} className="grid gap-2 sm:grid-cols-[10rem_minmax(0,1fr)]">
            <h3 className="flex items-center gap-2 self-start text-sm font-semibold sm:pt-3">
              {format(day, "EEE, MMM d")}
              {isToday ? <Badge>Today</Badge> : null}
            </h3>
            <ul className="divide-y rounded-lg border">
              {dayEvents.map((event) => (
                <li key={event.id}>
                  <button
                    type="button"
                    onClick={() => onEvent(event)}
                    className="hover:bg-accent/50 focus-visible:ring-ring flex w-full flex-col gap-1 px-4 py-3 text-left focus-visible:ring-2 focus-visible:outline-none sm:flex-row sm:items-center sm:gap-4"
                  >
                    <span className="text-muted-foreground w-44 shrink-0 text-xs">{eventTimeText(event, timeZone)}</span>
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium">{event.title}</span>
                      {event.location || event.contacts.length > 0 ? (
                        <span className="text-muted-foreground mt-0.5 flex flex-wrap gap-x-3 text-xs">
                          {event.location ? (
                            <span className="flex items-center gap-1">
                              <MapPinIcon className="size-3" aria-hidden="true" />
                              {event.location}
                            </span>
                          ) : null}
                          {event.contacts.length > 0 ? (
                            <span className="flex items-center gap-1">
                              <UsersIcon className="size-3" aria-hidden="true" />
                              {event.contacts.map(contactDisplayName).join(", ")}
                            </span>
                          ) : null}
                        </span>
                      ) : null}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}
