"use client";

import Link from "next/link";
import { BellPlusIcon } from "lucide-react";

import { api } from "~/trpc/react";
import { Button } from "~/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { ListSkeleton } from "~/components/shared/list-skeleton";
import { ListError, loadError } from "~/components/shared/list-state";
import { LoadMore } from "./load-more";
import { ReminderItem, type ReminderSummaryRow } from "./reminder-list";
import { useReminderActions } from "./use-reminder-actions";

/**
 * The contact page's reminders: the ones for this person with their next time and actions, and
 * "New reminder" with them already chosen. Times are in the user's zone (settings).
 */
export function ContactRemindersCard({ contactId, name }: { contactId: string; name: string }) {
  const settings = api.settings.get.useQuery(undefined, { staleTime: 5 * 60_000 });
  const timeZone = settings.data?.profile.timezone ?? "UTC";
  const { actions, elements } = useReminderActions({ userTimeZone: timeZone });
  const query = api.reminders.list.useInfiniteQuery(
    { contactId, limit: 10 },
    { getNextPageParam: (last) => last.nextCursor ?? undefined },
  );
  const items: ReminderSummaryRow[] = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Reminders</h2>
        </CardTitle>
        <CardDescription>Calls, texts and notices that go out to {name} on their own.</CardDescription>
        <CardAction>
          <Button variant="outline" size="sm" onClick={() => actions.create({ contact: { id: contactId, label: name } })} disabled={!settings.data}>
            <BellPlusIcon aria-hidden="true" />
            New reminder
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        {query.isPending || settings.isPending ? (
          <ListSkeleton label="Loading reminders…" rows={2} lines={["w-1/2", "w-1/3"]} trailing={["h-8 w-20"]} />
        ) : query.isError ? (
          <ListError>{loadError("Reminders could not be loaded.", query.error)}</ListError>
        ) : items.length === 0 ? (
          <p className="text-muted-foreground text-sm">
            No reminders for {name}. A medication call every evening, an appointment the day before: it goes out on its own.
          </p>
        ) : (
          <div className="space-y-2">
            <ul className="divide-y" aria-label={`Reminders for ${name}`}>
              {items.map((reminder) => (
                <ReminderItem key={reminder.id} reminder={reminder} timeZone={timeZone} actions={actions} hideContact />
              ))}
            </ul>
            <LoadMore hasMore={!!query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
            <p className="text-sm">
              <Link href={`/reminders?tab=history&contact=${encodeURIComponent(contactId)}`} className="underline underline-offset-4">
                What happened each time
              </Link>
            </p>
          </div>
        )}
      </CardContent>
      {elements}
    </Card>
  );
}
