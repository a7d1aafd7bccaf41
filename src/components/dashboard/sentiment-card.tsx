import Link from "next/link";
import { SmileIcon } from "lucide-react";

import { countText, formatCount } from "~/lib/format";
import { cn } from "~/lib/utils";
import type { SentimentLabel } from "~/generated/prisma/enums";
import type { SentimentBreakdown } from "~/server/dashboard/activity";
import { Button } from "~/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { EmptyState } from "~/components/shared/empty-state";

/** The same hues as the calls' sentiment badges, so a colour means one thing across the app. */
const SENTIMENT: { key: SentimentLabel; label: string; swatch: string }[] = [
  { key: "positive", label: "Positive", swatch: "bg-emerald-500 dark:bg-emerald-400" },
  { key: "neutral", label: "Neutral", swatch: "bg-slate-400 dark:bg-slate-500" },
  { key: "mixed", label: "Mixed", swatch: "bg-amber-500 dark:bg-amber-400" },
  { key: "negative", label: "Negative", swatch: "bg-red-500 dark:bg-red-400" },
];

export function SentimentCard({
  sentiment,
  days,
  className,
}: {
  sentiment: SentimentBreakdown;
  days: number;
  className?: string;
}) {
  const percent = (count: number) => Math.round((count / sentiment.total) * 100);
  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>
          <h2 id="sentiment-heading">Sentiment</h2>
        </CardTitle>
        <CardDescription>
          {sentiment.total > 0
            ? `${countText(sentiment.total, "analysed call")} in the last ${days} days.`
            : `Analysed calls in the last ${days} days.`}
        </CardDescription>
        <CardAction>
          <Button variant="link" size="sm" asChild>
            <Link href="/calls">View calls</Link>
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        {sentiment.total === 0 ? (
          <EmptyState icon={SmileIcon}>
            No analysed calls in the last {days} days — each recorded call gets a sentiment once it is transcribed.
          </EmptyState>
        ) : (
          <div className="space-y-4">
            {/* The list below says the same in words, so the bar is decoration for screen readers. */}
            <div className="bg-muted flex h-3 overflow-hidden rounded-full" aria-hidden="true">
              {SENTIMENT.filter(({ key }) => sentiment[key] > 0).map(({ key, swatch }) => (
                <div
                  key={key}
                  className={cn("border-background h-full not-last:border-r-2", swatch)}
                  style={{ width: `${(sentiment[key] / sentiment.total) * 100}%` }}
                />
              ))}
            </div>
            <ul aria-labelledby="sentiment-heading" className="grid grid-cols-2 gap-3">
              {SENTIMENT.map(({ key, label, swatch }) => (
                <li key={key} className="flex items-center gap-2 text-sm">
                  <span className={cn("size-2.5 shrink-0 rounded-full", swatch)} aria-hidden="true" />
                  <span className="text-muted-foreground">{label}</span>
                  <span className="ml-auto font-medium tabular-nums">
                    {formatCount(sentiment[key])}
                    <span className="text-muted-foreground ml-1 text-xs font-normal">({percent(sentiment[key])}%)</span>
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
