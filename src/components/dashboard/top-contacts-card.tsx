import Link from "next/link";
import { UsersIcon } from "lucide-react";

import { initials } from "~/lib/format";
import { Button } from "~/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { LocalTime } from "~/components/local-time";
import { contactDisplayName } from "~/lib/contact-name";
import { ScoreBadge } from "~/components/contacts/score-badge";
import { EmptyState } from "~/components/shared/empty-state";

export interface TopContact {
  id: string;
  firstName: string;
  lastName: string | null;
  company: string | null;
  relationshipScore: number;
  scoreTrend: string;
  lastContactedAt: Date | null;
}

export function TopContactsCard({ contacts, className }: { contacts: TopContact[]; className?: string }) {
  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>
          <h2 id="top-contacts-heading">Top contacts</h2>
        </CardTitle>
        <CardDescription>Your strongest relationships by score.</CardDescription>
        <CardAction>
          <Button variant="link" size="sm" asChild>
            <Link href="/contacts">All contacts</Link>
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        {contacts.length === 0 ? (
          <EmptyState icon={UsersIcon}>
            No relationship scores yet — they are worked out from your calls and texts with each contact.
          </EmptyState>
        ) : (
          <ol aria-labelledby="top-contacts-heading" className="divide-y">
            {contacts.map((contact) => {
              const name = contactDisplayName(contact);
              return (
                <li key={contact.id} className="flex items-center gap-3 py-3 first:pt-0 last:pb-0">
                  <span
                    className="bg-primary/10 text-primary flex size-9 shrink-0 items-center justify-center rounded-full text-xs font-medium"
                    aria-hidden="true"
                  >
                    {initials(name)}
                  </span>
                  <div className="min-w-0 flex-1">
                    <Link
                      href={`/contacts/${contact.id}`}
                      className="block truncate text-sm font-medium underline-offset-4 hover:underline"
                    >
                      {name}
                    </Link>
                    <p className="text-muted-foreground truncate text-xs">
                      {contact.company ? <>{contact.company} · </> : null}
                      {contact.lastContactedAt ? (
                        <>
                          Last contact <LocalTime value={contact.lastContactedAt} format="relative" />
                        </>
                      ) : (
                        "Not contacted yet"
                      )}
                    </p>
                  </div>
                  <ScoreBadge score={contact.relationshipScore} trend={contact.scoreTrend} className="shrink-0" />
                </li>
              );
            })}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
