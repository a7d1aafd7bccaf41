import Link from "next/link";
import { CakeIcon, HeartHandshakeIcon } from "lucide-react";

import { countText, formatCount, initials } from "~/lib/format";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { contactDisplayName } from "~/lib/contact-name";
import { ContactCommunicationActions } from "~/components/calls/contact-actions";
import { ScoreBadge } from "~/components/contacts/score-badge";
import { EmptyState } from "~/components/shared/empty-state";

export interface ReconnectContact {
  id: string;
  firstName: string;
  lastName: string | null;
  company: string | null;
  phones: string[];
  relationshipScore: number;
  scoreTrend: string;
  lastContactedAt: Date | null;
  daysSinceContact: number;
}

/** A contact you keep in touch with whose day has come (see keepInTouchDue). */
export interface KeepInTouchDueItem {
  contact: { id: string; firstName: string; lastName: string | null; company: string | null; phones: string[] };
  days: number;
  lastTouchAt: Date | null;
  overdueDays: number;
}

/** A birthday, anniversary or custom date in the next days (see upcomingImportantDates). */
export interface ImportantDateItem {
  id: string;
  kind: "birthday" | "anniversary" | "custom";
  label: string | null;
  contact: { id: string; firstName: string; lastName: string | null };
  /** "YYYY-MM-DD" in the user's zone. */
  on: string;
  inDays: number;
  /** Years it marks this time (an age, years married), when the year is known. */
  years: number | null;
}

function everyText(days: number): string {
  if (days % 7 === 0) return days === 7 ? "every week" : `every ${days / 7} weeks`;
  return days === 1 ? "every day" : `every ${days} days`;
}

function whenText(inDays: number, on: string): string {
  if (inDays === 0) return "today";
  if (inDays === 1) return "tomorrow";
  const [y, m, d] = on.split("-").map(Number);
  const day = new Intl.DateTimeFormat("en-US", { weekday: "long", month: "short", day: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(y!, m! - 1, d!)),
  );
  return day;
}

function dateText(item: ImportantDateItem, name: string): string {
  if (item.kind === "birthday") return `${name}'s birthday${item.years !== null ? `: turns ${item.years}` : ""}`;
  const what = item.kind === "anniversary" ? `${name}'s ${item.label ? `${item.label} ` : ""}anniversary` : `${item.label ?? "Important date"} (${name})`;
  return `${what}${item.years !== null ? `: ${countText(item.years, "year")}` : ""}`;
}

export function ReconnectCard({
  contacts,
  keepInTouch = [],
  importantDates = [],
  driftingAfterDays,
  className,
}: {
  contacts: ReconnectContact[];
  keepInTouch?: KeepInTouchDueItem[];
  importantDates?: ImportantDateItem[];
  driftingAfterDays: number;
  className?: string;
}) {
  const nothing = contacts.length === 0 && keepInTouch.length === 0 && importantDates.length === 0;
  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>
          <h2 id="reconnect-heading">Reconnect</h2>
        </CardTitle>
        <CardDescription>
          People you keep in touch with whose time has come, important dates this week, and who has not heard from you for
          over {driftingAfterDays} days.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-5">
        {keepInTouch.length > 0 ? (
          <section aria-labelledby="keep-in-touch-heading" className="space-y-2">
            <h3 id="keep-in-touch-heading" className="text-muted-foreground text-xs font-medium tracking-wide uppercase">
              Keep in touch
            </h3>
            <ol aria-labelledby="keep-in-touch-heading" className="divide-y">
              {keepInTouch.map((item) => {
                const name = contactDisplayName(item.contact);
                return (
                  <li key={item.contact.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 py-2 first:pt-0 last:pb-0">
                    <div className="min-w-0 flex-1 basis-48">
                      <Link href={`/contacts/${item.contact.id}`} className="truncate text-sm font-medium underline-offset-4 hover:underline">
                        {name}
                      </Link>
                      <p className="text-muted-foreground truncate text-xs">
                        You wanted to be in touch {everyText(item.days)}:{" "}
                        <span className="text-amber-700 dark:text-amber-300">
                          {item.overdueDays === 0 ? "due today" : `overdue by ${countText(item.overdueDays, "day")}`}
                        </span>
                      </p>
                    </div>
                    <div role="group" aria-label={`Reach ${name}`} className="sm:ml-0">
                      <ContactCommunicationActions contactId={item.contact.id} phones={item.contact.phones} />
                    </div>
                  </li>
                );
              })}
            </ol>
          </section>
        ) : null}
        {importantDates.length > 0 ? (
          <section aria-labelledby="important-dates-heading" className="space-y-2">
            <h3 id="important-dates-heading" className="text-muted-foreground text-xs font-medium tracking-wide uppercase">
              Important dates
            </h3>
            <ol aria-labelledby="important-dates-heading" className="divide-y">
              {importantDates.map((item) => {
                const name = contactDisplayName(item.contact);
                return (
                  <li key={item.id} className="flex items-center gap-3 py-2 first:pt-0 last:pb-0">
                    <CakeIcon className="text-muted-foreground size-4 shrink-0" aria-hidden="true" />
                    <div className="min-w-0 flex-1">
                      <Link href={`/contacts/${item.contact.id}`} className="truncate text-sm font-medium underline-offset-4 hover:underline">
                        {dateText(item, name)}
                      </Link>
                      <p className="text-muted-foreground text-xs">
                        <time dateTime={item.on}>{whenText(item.inDays, item.on)}</time>
                      </p>
                    </div>
                  </li>
                );
              })}
            </ol>
          </section>
        ) : null}
        {nothing ? (
          <EmptyState icon={HeartHandshakeIcon}>
            Nobody is drifting away: everyone you have been in touch with heard from you in the last{" "}
            {driftingAfterDays} days.
          </EmptyState>
        ) : contacts.length === 0 ? null : (
          <section aria-labelledby="drifting-heading" className="space-y-2">
            <h3 id="drifting-heading" className="text-muted-foreground text-xs font-medium tracking-wide uppercase">
              Drifting away
            </h3>
            <ol aria-labelledby="drifting-heading" className="divide-y">
              {contacts.map((contact) => {
                const name = contactDisplayName(contact);
                return (
                  <li
                    key={contact.id}
                    className="flex flex-wrap items-center gap-x-3 gap-y-2 py-3 first:pt-0 last:pb-0"
                  >
                    <span
                      className="bg-muted text-muted-foreground flex size-9 shrink-0 items-center justify-center rounded-full text-xs font-medium"
                      aria-hidden="true"
                    >
                      {initials(name)}
                    </span>
                    {/* The basis makes Call and Text wrap under the name on narrow cards rather than squeeze it. */}
                    <div className="min-w-0 flex-1 basis-48">
                      <div className="flex min-w-0 items-center gap-2">
                        <Link
                          href={`/contacts/${contact.id}`}
                          className="truncate text-sm font-medium underline-offset-4 hover:underline"
                        >
                          {name}
                        </Link>
                        <ScoreBadge score={contact.relationshipScore} trend={contact.scoreTrend} className="shrink-0" />
                      </div>
                      <p className="text-muted-foreground truncate text-xs">
                        Last contact{" "}
                        <time
                          dateTime={contact.lastContactedAt?.toISOString()}
                          className="text-amber-700 dark:text-amber-300"
                        >
                          {formatCount(contact.daysSinceContact)} days ago
                        </time>
                        {contact.company ? <> · {contact.company}</> : null}
                      </p>
                    </div>
                    {/* The group's name tells screen readers whom each row's "Call" and "Text" reach. */}
                    <div role="group" aria-label={`Reach ${name}`} className="ml-12 sm:ml-0">
                      <ContactCommunicationActions contactId={contact.id} phones={contact.phones} />
                    </div>
                  </li>
                );
              })}
            </ol>
          </section>
        )}
      </CardContent>
    </Card>
  );
}
