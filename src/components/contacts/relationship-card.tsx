"use client";

import { RefreshCwIcon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Progress } from "~/components/ui/progress";
import { Skeleton } from "~/components/ui/skeleton";
import { Spinner } from "~/components/ui/spinner";
import { LocalTime } from "~/components/local-time";
import { countText } from "~/lib/format";

type Relationship = RouterOutputs["contacts"]["relationship"];
type Insight = Relationship["insights"][number];

const COMPONENTS = [
  { key: "recency", label: "Recency", what: "how recently you were in touch" },
  { key: "frequency", label: "Frequency", what: "how often you talk (30 and 90 days)" },
  { key: "duration", label: "Call length", what: "how long your calls last" },
  { key: "sentiment", label: "Sentiment", what: "how your analysed calls went" },
  { key: "engagement", label: "Engagement", what: "tasks, events and who reaches out" },
] as const;

function describe(insight: Insight): string {
  switch (insight.kind) {
    case "not_in_touch":
      return insight.days === null ? "You have not been in touch yet." : `Not in touch for ${countText(insight.days, "day")}.`;
    case "open_tasks":
      return `${countText(insight.count, "open task")} with them.`;
    case "long_calls":
      return `${countText(insight.count, "long call")} (20 minutes or more) this month.`;
    case "sentiment_streak":
      return `The last ${countText(insight.calls, "analysed call")} were all ${insight.sentiment}.`;
  }
}

/** The relationship score's five parts, with their weights, and what stands out (docs/domain.md#relationship-scoring). */
export function RelationshipCard({ contactId }: { contactId: string }) {
  const utils = api.useUtils();
  const query = api.contacts.relationship.useQuery({ id: contactId });
  const recalculate = api.contacts.recalculateScore.useMutation({
    onSuccess: async (data) => {
      utils.contacts.relationship.setData({ id: contactId }, data);
      await utils.contacts.get.invalidate({ id: contactId });
      toast.success(`Score recalculated: ${data.score}.`);
    },
    onError: (error) => toast.error(error.message),
  });
  const data = query.data;

  return (
    <Card>
      <CardHeader className="flex flex-row items-start justify-between gap-2">
        <div className="space-y-1.5">
          <CardTitle>Relationship</CardTitle>
          <CardDescription>
            {data?.updatedAt ? (
              <>
                Score {data.score} · calculated <LocalTime value={data.updatedAt} format="relative" />
              </>
            ) : (
              "Calculated after each analysed call."
            )}
          </CardDescription>
        </div>
        <Button variant="ghost" size="sm" disabled={recalculate.isPending} onClick={() => recalculate.mutate({ id: contactId })}>
          {recalculate.isPending ? <Spinner aria-hidden /> : <RefreshCwIcon aria-hidden="true" />}
          Recalculate
        </Button>
      </CardHeader>
      <CardContent className="space-y-4">
        {!data ? (
          query.isError ? (
            <p className="text-destructive text-sm">Could not load the score: {query.error.message}</p>
          ) : (
            <Skeleton className="h-32 w-full" aria-label="Loading the relationship score" />
          )
        ) : (
          <>
            {data.components ? (
              <dl className="space-y-2.5">
                {COMPONENTS.map(({ key, label, what }) => {
                  const value = Math.round(data.components![key]);
                  return (
                    <div key={key} className="space-y-1">
                      <div className="flex items-baseline justify-between gap-2 text-sm">
                        <dt title={what}>
                          {label} <span className="text-muted-foreground text-xs">· {Math.round(data.weights[key] * 100)}%</span>
                        </dt>
                        <dd className="tabular-nums">{value}</dd>
                      </div>
                      <Progress value={value} aria-label={`${label}: ${value} of 100`} />
                    </div>
                  );
                })}
              </dl>
            ) : (
              <p className="text-muted-foreground text-sm">No breakdown yet: recalculate to see what the score is made of.</p>
            )}
            {data.insights.length ? (
              <ul className="text-muted-foreground list-disc space-y-1 pl-5 text-sm" aria-label="Insights">
                {data.insights.map((insight) => (
                  <li key={insight.kind}>{describe(insight)}</li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </CardContent>
    </Card>
  );
}
