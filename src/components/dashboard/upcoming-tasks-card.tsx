import { CalendarClockIcon, CircleIcon, ListTodoIcon } from "lucide-react";

import { formatDue, humanize } from "~/lib/format";
import { Badge } from "~/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { EmptyState } from "~/components/shared/empty-state";

export interface UpcomingTask {
  id: string;
  title: string;
  dueAt: Date | null;
  priority: string;
}

const PRIORITY_VARIANT: Record<string, React.ComponentProps<typeof Badge>["variant"]> = {
  urgent: "destructive",
  high: "warning",
  medium: "secondary",
  low: "outline",
};

export function UpcomingTasksCard({
  tasks,
  now,
  timeZone,
  className,
}: {
  tasks: UpcomingTask[];
  /** The moment "overdue" is measured against. */
  now: Date;
  /** The user's zone: a date-only due date is that day's midnight there, shown without a time. */
  timeZone: string;
  className?: string;
}) {
  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>
          <h2>Upcoming tasks</h2>
        </CardTitle>
        <CardDescription>Open tasks, soonest due first.</CardDescription>
      </CardHeader>
      <CardContent>
        {tasks.length === 0 ? (
          <EmptyState icon={ListTodoIcon}>No open tasks.</EmptyState>
        ) : (
          <ul className="divide-y">
            {tasks.map((task) => {
              const overdue = task.dueAt != null && task.dueAt.getTime() < now.getTime();
              return (
                <li key={task.id} className="flex items-start gap-3 py-3 first:pt-0 last:pb-0">
                  <CircleIcon className="text-muted-foreground mt-0.5 size-4 shrink-0" aria-hidden="true" />
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-sm font-medium">{task.title}</p>
                    <p
                      className={
                        overdue
                          ? "text-destructive flex items-center gap-1 text-xs"
                          : "text-muted-foreground flex items-center gap-1 text-xs"
                      }
                    >
                      <CalendarClockIcon className="size-3" aria-hidden="true" />
                      {task.dueAt ? (
                        <>
                          {overdue ? "Overdue · " : "Due "}
                          <time dateTime={task.dueAt.toISOString()}>{formatDue(task.dueAt, timeZone, now)}</time>
                        </>
                      ) : (
                        "No due date"
                      )}
                    </p>
                  </div>
                  <Badge variant={PRIORITY_VARIANT[task.priority] ?? "outline"}>
                    <span className="sr-only">Priority: </span>
                    {humanize(task.priority)}
                  </Badge>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
