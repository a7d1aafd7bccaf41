import type { RouterOutputs } from "~/trpc/react";

export type TaskListItem = RouterOutputs["tasks"]["list"]["items"][number];
export type SubtaskItem = TaskListItem["subtasks"][number];
/** A row on the page: a task (with its subtasks) or a subtask. */
export type RowTask = TaskListItem | SubtaskItem;
export type TaskStatus = TaskListItem["status"];
export type TaskPriority = TaskListItem["priority"];
export type TaskRecurrence = TaskListItem["recurrence"];

export const STATUS_OPTIONS: Array<{ value: TaskStatus; label: string }> = [
  { value: "todo", label: "To do" },
  { value: "in_progress", label: "In progress" },
  { value: "done", label: "Done" },
  { value: "canceled", label: "Canceled" },
];

export const PRIORITY_OPTIONS: Array<{ value: TaskPriority; label: string; dot: string }> = [
  { value: "urgent", label: "Urgent", dot: "bg-destructive" },
  { value: "high", label: "High", dot: "bg-warning" },
  { value: "medium", label: "Medium", dot: "bg-primary/60" },
  { value: "low", label: "Low", dot: "bg-muted-foreground/40" },
];

export const RECURRENCE_OPTIONS: Array<{ value: TaskRecurrence; label: string }> = [
  { value: "none", label: "Does not repeat" },
  { value: "daily", label: "Daily" },
  { value: "weekly", label: "Weekly" },
  { value: "monthly", label: "Monthly" },
];

export const recurrenceLabel = (r: TaskRecurrence) => RECURRENCE_OPTIONS.find((o) => o.value === r)?.label ?? r;

export function openSubtaskCount(task: RowTask) {
  return "openSubtaskCount" in task ? task.openSubtaskCount : 0;
}
