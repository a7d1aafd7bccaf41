import Link from "next/link";
import { HeartHandshakeIcon } from "lucide-react";

import { formatCount, initials } from "~/lib/format";
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

export function ReconnectCard({
  contacts,
  driftingAfterDays,
  className,
}: {
  contacts: ReconnectContact[];
  driftingAfterDays: number;
  className?: string;
}) {
  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>
          <h2 id="reconnect-heading">Reconnect</h2>
        </CardTitle>
        <CardDescription>
          Not in touch for over {driftingAfterDays} days, strongest relationships first.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {contacts.length === 0 ? (
          <EmptyState icon={HeartHandshakeIcon}>
            Nobody is drifting away: everyone you have been in touch with heard from you in the last{" "}
            {driftingAfterDays} days.
          </EmptyState>
        ) : (
          <ol aria-labelledby="reconnect-heading" className="divide-y">
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
        )}
      </CardContent>
    </Card>
  );
}
