"use client";

import Link from "next/link";
import { CheckCircle2Icon, CircleIcon } from "lucide-react";

import { Badge } from "~/components/ui/badge";
import { LocalTime } from "~/components/local-time";
import type { RouterOutputs } from "~/trpc/react";

type Call = RouterOutputs["calls"]["get"];

const SENTIMENT = {
  positive: { label: "Positive", variant: "success" },
  neutral: { label: "Neutral", variant: "secondary" },
  negative: { label: "Negative", variant: "destructive" },
  mixed: { label: "Mixed", variant: "warning" },
} as const;

export function SentimentBadge({ label, score, className }: { label: keyof typeof SENTIMENT; score: number | null; className?: string }) {
  const meta = SENTIMENT[label];
  return (
    <Badge variant={meta.variant} className={className} title={score === null ? `${meta.label} sentiment` : `Score ${score.toFixed(2)} (−1 to 1)`}>
      {meta.label}
      {score === null ? null : <span className="tabular-nums opacity-80">{score > 0 ? "+" : ""}{score.toFixed(2)}</span>}
    </Badge>
  );
}

/** Summary, sentiment, topics and the action items with the tasks they became. */
export function CallAnalysis({ call }: { call: Call }) {
  const tasksByIndex = new Map(call.tasks.filter((t) => t.actionItemIndex !== null).map((t) => [t.actionItemIndex!, t]));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        {call.sentimentLabel ? <SentimentBadge label={call.sentimentLabel} score={call.sentimentScore} /> : null}
        {call.important ? <Badge variant="warning">Important</Badge> : null}
        {call.analysisProvider ? (
          <Badge variant="outline" className="text-muted-foreground font-normal">
            {call.analysisProvider === "local" ? "Local analysis" : call.analysisProvider}
          </Badge>
        ) : null}
      </div>
      <p className="text-sm whitespace-pre-wrap" data-testid="call-summary">
        {call.summary}
      </p>
      {call.topics.length ? (
        <div>
          <h3 className="text-muted-foreground mb-1 text-xs font-medium uppercase">Topics</h3>
          <ul className="flex flex-wrap gap-1.5" aria-label="Topics">
            {call.topics.map((topic) => (
              <li key={topic}>
                <Badge variant="outline">{topic}</Badge>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div>
        <h3 className="text-muted-foreground mb-1 text-xs font-medium uppercase">Action items</h3>
        {call.actionItems.length === 0 ? (
          <p className="text-muted-foreground text-sm">No action items in this call.</p>
        ) : (
          <ul className="space-y-1.5" aria-label="Action items">
            {call.actionItems.map((item, index) => {
              const task = tasksByIndex.get(index);
              const done = task?.status === "done";
              const Icon = done ? CheckCircle2Icon : CircleIcon;
              return (
                <li key={index} className="flex items-start gap-2 text-sm">
                  <Icon className="text-muted-foreground mt-0.5 size-4 shrink-0" aria-hidden="true" />
                  <div className="min-w-0">
                    {task ? (
                      <Link href={`/tasks?task=${encodeURIComponent(task.id)}`} className="font-medium underline-offset-4 hover:underline">
                        {item.text}
                      </Link>
                    ) : (
                      <span>{item.text}</span>
                    )}
                    {task?.dueAt ? (
                      <span className="text-muted-foreground">
                        {" "}
                        · due <LocalTime value={task.dueAt} format="date" />
                      </span>
                    ) : item.dueHint ? (
                      <span className="text-muted-foreground"> · {item.dueHint}</span>
                    ) : null}
                    {done ? <span className="text-muted-foreground"> · done</span> : null}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
