import Link from "next/link";
import { BellIcon, MessageSquareIcon, PhoneIcon, type LucideIcon } from "lucide-react";

import { cn } from "~/lib/utils";
import { Badge } from "~/components/ui/badge";
import type { OccurrenceState, ReminderChannel, ReminderKind } from "~/server/reminders/schemas";
import {
  KIND_LABELS,
  OUTCOME_VARIANTS,
  STATE_LABELS,
  STATE_VARIANTS,
  outcomeText,
  type AttemptOutcome,
} from "./reminder-meta";

/** reminders.occurrences / reminders.history rows, as the contract between the router and the UI has them. */
export interface AttemptRow {
  number: number;
  channel: ReminderChannel;
  outcome: string | null;
  reason: string | null;
  startedAt: Date | string | null;
  endedAt: Date | string | null;
  callId: string | null;
}
export interface HistoryStep {
  at: Date | string;
  step: string;
  detail?: string | null;
}
export interface OccurrenceRowData {
  id: string;
  reminderId: string;
  title: string;
  kind: ReminderKind;
  contact: { id: string; name: string } | null;
  dueAt: Date | string;
  state: OccurrenceState;
  lateSeconds: number | null;
  /** Sent from "send a test now", outside the schedule. */
  test?: boolean;
  attempts: AttemptRow[];
  history?: HistoryStep[];
}

const CHANNEL_ICONS: Record<ReminderChannel, LucideIcon> = { call: PhoneIcon, sms: MessageSquareIcon, in_app: BellIcon };
const CHANNEL_NOUNS: Record<ReminderChannel, string> = { call: "Call", sms: "Text", in_app: "In-app" };

export function timeIn(value: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(new Date(value));
}

export function dateTimeIn(value: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(value));
}

/** "3 min late", "1 h 5 min late": how long after its time an occurrence went out (Switchboard was down). */
export function lateText(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return `${minutes} min late`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min late` : `${hours} h late`;
}

export function StateBadge({ state }: { state: OccurrenceState | (string & {}) }) {
  return (
    <Badge variant={STATE_VARIANTS[state as OccurrenceState] ?? "outline"}>
      <span className="sr-only">State: </span>
      {STATE_LABELS[state as OccurrenceState] ?? state}
    </Badge>
  );
}

/** One attempt: its channel, number, outcome (with the reason) and a link to the call it placed. */
export function AttemptLine({ attempt, timeZone }: { attempt: AttemptRow; timeZone: string }) {
  const Icon = CHANNEL_ICONS[attempt.channel];
  const when = attempt.startedAt ?? attempt.endedAt;
  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm" data-testid="reminder-attempt">
      <Icon className="text-muted-foreground size-3.5 shrink-0" aria-hidden="true" />
      <span className="text-muted-foreground">
        {CHANNEL_NOUNS[attempt.channel]} #{attempt.number}
        {when ? <>, {timeIn(when, timeZone)}</> : null}
      </span>
      <Badge variant={attempt.outcome ? OUTCOME_VARIANTS[attempt.outcome as AttemptOutcome] ?? "outline" : "secondary"} className="font-normal whitespace-normal">
        {outcomeText(attempt.outcome, attempt.reason)}
      </Badge>
      {attempt.callId ? (
        <Link href={`/calls/${encodeURIComponent(attempt.callId)}`} className="text-sm underline underline-offset-4">
          View call
        </Link>
      ) : null}
    </li>
  );
}

/**
 * One occurrence in a list: time, title, whom, kind, state (late or missed said in words), and
 * its attempts when it has any; `showHistory` adds the occurrence's steps, folded.
 */
export function OccurrenceItem({
  occurrence,
  timeZone,
  showDate = false,
  showHistory = false,
  className,
}: {
  occurrence: OccurrenceRowData;
  timeZone: string;
  showDate?: boolean;
  showHistory?: boolean;
  className?: string;
}) {
  const due = new Date(occurrence.dueAt);
  const history = occurrence.history ?? [];
  return (
    <li className={cn("grid gap-2 py-3", className)} data-testid="reminder-occurrence">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <time dateTime={due.toISOString()} className="text-muted-foreground w-28 shrink-0 text-sm tabular-nums">
          {showDate ? dateTimeIn(due, timeZone) : timeIn(due, timeZone)}
        </time>
        <span className="min-w-0 flex-1">
          <span className="font-medium break-words">{occurrence.title}</span>
          <span className="text-muted-foreground text-sm">
            {" · "}
            {occurrence.contact ? (
              <Link href={`/contacts/${encodeURIComponent(occurrence.contact.id)}`} className="underline-offset-4 hover:underline">
                {occurrence.contact.name}
              </Link>
            ) : (
              "You"
            )}
            {" · "}
            {KIND_LABELS[occurrence.kind]}
          </span>
        </span>
        <span className="flex flex-wrap items-center gap-1.5">
          {occurrence.test ? <Badge variant="secondary">Test</Badge> : null}
          {occurrence.lateSeconds ? <Badge variant="warning">{lateText(occurrence.lateSeconds)}</Badge> : null}
          <StateBadge state={occurrence.state} />
        </span>
      </div>
      {occurrence.attempts.length > 0 ? (
        <ol className="grid gap-1 sm:pl-31" aria-label={`Attempts for ${occurrence.title}`}>
          {occurrence.attempts.map((attempt) => (
            <AttemptLine key={attempt.number} attempt={attempt} timeZone={timeZone} />
          ))}
        </ol>
      ) : null}
      {showHistory && history.length > 0 ? (
        <details className="sm:pl-31">
          <summary className="text-muted-foreground cursor-pointer text-xs">History ({history.length} steps)</summary>
          <ol className="mt-1 grid gap-0.5 text-xs">
            {history.map((step, i) => (
              <li key={i} className="flex gap-2">
                <time dateTime={new Date(step.at).toISOString()} className="text-muted-foreground w-28 shrink-0 tabular-nums">
                  {dateTimeIn(step.at, timeZone)}
                </time>
                <span>
                  {step.step}
                  {step.detail ? <span className="text-muted-foreground">: {step.detail}</span> : null}
                </span>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </li>
  );
}
