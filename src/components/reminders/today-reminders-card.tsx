"use client";

import * as React from "react";
import Link from "next/link";
import { BellRingIcon } from "lucide-react";

import { api } from "~/trpc/react";
import { addDaysIn, startOfDayIn } from "~/lib/zoned-time";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { EmptyState } from "~/components/shared/empty-state";
import { ListSkeleton } from "~/components/shared/list-skeleton";
import { ListError, loadError } from "~/components/shared/list-state";
import { OccurrenceItem, type OccurrenceRowData } from "./occurrence-row";
import { isActive } from "./upcoming-list";

const SHOWN = 8;

/** The dashboard's "Today's reminders": every occurrence due today (in the user's zone) with its state and attempts. */
export function TodayRemindersCard({ timeZone, className }: { timeZone: string; className?: string }) {
  const [range] = React.useState(() => {
    const from = startOfDayIn(new Date(), timeZone);
    return { from, to: addDaysIn(from, 1, timeZone) };
  });
  const query = api.reminders.occurrences.useQuery(
    { from: range.from, to: range.to, limit: SHOWN },
    { refetchInterval: (q) => (isActive(q.state.data?.items ?? []) ? 5_000 : 60_000) },
  );
  const items: OccurrenceRowData[] = query.data?.items ?? [];

  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>
          <h2>Today’s reminders</h2>
        </CardTitle>
        <CardDescription>What goes out today, and how each one went.</CardDescription>
        <CardAction>
          <Link href="/reminders" className="text-sm underline underline-offset-4">
            All reminders
          </Link>
        </CardAction>
      </CardHeader>
      <CardContent>
        {query.isPending ? (
          <ListSkeleton label="Loading today’s reminders…" rows={3} lines={["w-1/2"]} trailing={["h-5 w-20"]} />
        ) : query.isError ? (
          <ListError>{loadError("Today’s reminders could not be loaded.", query.error)}</ListError>
        ) : items.length === 0 ? (
          <EmptyState icon={BellRingIcon}>
            Nothing due today. <Link href="/reminders?new=1" className="text-foreground font-medium underline underline-offset-4">Create a reminder</Link>
          </EmptyState>
        ) : (
          <>
            <ul className="divide-y" aria-label="Today’s reminders">
              {items.map((occurrence) => (
                <OccurrenceItem key={occurrence.id} occurrence={occurrence} timeZone={timeZone} className="first:pt-0 last:pb-0" />
              ))}
            </ul>
            {query.data?.nextCursor ? (
              <p className="pt-3 text-sm">
                <Link href="/reminders" className="underline underline-offset-4">
                  More today
                </Link>
              </p>
            ) : null}
          </>
        )}
      </CardContent>
    </Card>
  );
}
