"use client";

import * as React from "react";
import Link from "next/link";
import {
  CalendarClockIcon,
  CornerDownRightIcon,
  ListTreeIcon,
  MoreHorizontalIcon,
  PencilIcon,
  PlusIcon,
  RepeatIcon,
  Trash2Icon,
  UserIcon,
} from "lucide-react";

import { PriorityOptionItems } from "./priority-options";
import { cn } from "~/lib/utils";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Checkbox } from "~/components/ui/checkbox";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "~/components/ui/dropdown-menu";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { contactDisplayName } from "~/lib/contact-name";
import { formatDue, plural } from "~/lib/format";
import {
  STATUS_OPTIONS,
  recurrenceLabel,
  type RowTask,
  type TaskPriority,
  type TaskStatus,
} from "./task-meta";

export interface TaskActions {
  timeZone: string;
  busyIds: ReadonlySet<string>;
  setStatus: (task: RowTask, status: TaskStatus) => void;
  setPriority: (task: RowTask, priority: TaskPriority) => void;
  edit: (task: RowTask) => void;
  addSubtask: (task: RowTask) => void;
  remove: (task: RowTask) => void;
}

export const TaskActionsContext = React.createContext<TaskActions | null>(null);

function useTaskActions() {
  const actions = React.useContext(TaskActionsContext);
  if (!actions) throw new Error("TaskRow needs a TaskActionsContext");
  return actions;
}

export function DueBadge({ task, timeZone }: { task: RowTask; timeZone: string }) {
  if (!task.dueAt) return null;
  const text = formatDue(task.dueAt, timeZone);
  switch (task.dueState) {
    case "overdue":
      return (
        <Badge variant="destructive" data-due="overdue">
          <CalendarClockIcon aria-hidden="true" />
          Overdue · {text}
        </Badge>
      );
    case "today":
      return (
        <Badge className="border-primary/30 bg-primary/10 text-primary" data-due="today">
          <CalendarClockIcon aria-hidden="true" />
          Today{text.includes(",") && text.includes(":") ? ` · ${text.split(", ").pop()}` : ""}
        </Badge>
      );
    case "closed":
      return (
        <Badge variant="outline" className="text-muted-foreground" data-due="closed">
          <CalendarClockIcon aria-hidden="true" />
          <span className="sr-only">Was due </span>
          {text}
        </Badge>
      );
    default:
      return (
        <Badge variant="outline" data-due="upcoming">
          <CalendarClockIcon aria-hidden="true" />
          <span className="sr-only">Due </span>
          {text}
        </Badge>
      );
  }
}

export function TaskRow({ task, showParent = false }: { task: RowTask; showParent?: boolean }) {
  const actions = useTaskActions();
  const busy = actions.busyIds.has(task.id);
  const done = task.status === "done";
  const closed = done || task.status === "canceled";
  const subtasks = "subtasks" in task ? task.subtasks : [];
  const parent = "parent" in task ? task.parent : null;
  const isSubtask = !!task.parentId;

  return (
    <div
      className={cn(
        "hover:bg-accent/40 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md px-3 py-2 transition-colors",
        busy && "opacity-60",
      )}
      data-task-id={task.id}
    >
      <Checkbox
        aria-label={`Complete ${task.title}`}
        checked={done}
        disabled={busy || task.status === "canceled"}
        onCheckedChange={(checked) => actions.setStatus(task, checked === true ? "done" : "todo")}
        className="size-5"
      />
      <div className="min-w-0 flex-1 basis-48">
        <button
          type="button"
          onClick={() => actions.edit(task)}
          className={cn(
            "focus-visible:ring-ring max-w-full truncate rounded-sm text-left text-sm font-medium hover:underline focus-visible:ring-2 focus-visible:outline-none",
            closed && "text-muted-foreground line-through",
          )}
        >
          {task.title}
        </button>
        <div className="mt-1 flex flex-wrap items-center gap-1.5">
          <DueBadge task={task} timeZone={actions.timeZone} />
          {task.contact ? (
            <Badge variant="outline" asChild>
              <Link href={`/contacts/${task.contact.id}`}>
                <UserIcon aria-hidden="true" />
                <span className="sr-only">Contact: </span>
                {contactDisplayName(task.contact)}
              </Link>
            </Badge>
          ) : null}
          {task.recurrence !== "none" ? (
            <Badge variant="outline">
              <RepeatIcon aria-hidden="true" />
              {recurrenceLabel(task.recurrence)}
            </Badge>
          ) : null}
          {subtasks.length > 0 ? (
            <span className="text-muted-foreground flex items-center gap-1 text-xs">
              <ListTreeIcon className="size-3" aria-hidden="true" />
              {subtasks.filter((s) => s.status === "done").length}/{subtasks.length} {plural(subtasks.length, "subtask")}
            </span>
          ) : null}
          {showParent && parent ? (
            <span className="text-muted-foreground flex items-center gap-1 text-xs">
              <CornerDownRightIcon className="size-3" aria-hidden="true" />
              in {parent.title}
            </span>
          ) : null}
          {task.tags.map((tag) => (
            <Badge key={tag} variant="secondary" className="font-normal">
              #{tag}
            </Badge>
          ))}
        </div>
      </div>
      <div className="flex items-center gap-2">
        <Select
          value={task.status}
          onValueChange={(v) => actions.setStatus(task, v as TaskStatus)}
          disabled={busy}
        >
          <SelectTrigger size="sm" className="w-32" aria-label={`Status of ${task.title}`}>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {STATUS_OPTIONS.map((s) => (
              <SelectItem key={s.value} value={s.value}>
                {s.label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Select
          value={task.priority}
          onValueChange={(v) => actions.setPriority(task, v as TaskPriority)}
          disabled={busy}
        >
          <SelectTrigger size="sm" className="w-32" aria-label={`Importance of ${task.title}`}>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <PriorityOptionItems />
          </SelectContent>
        </Select>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon-sm" aria-label={`More actions for ${task.title}`}>
              <MoreHorizontalIcon aria-hidden="true" />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuItem onSelect={() => actions.edit(task)}>
              <PencilIcon aria-hidden="true" />
              Edit
            </DropdownMenuItem>
            {!isSubtask ? (
              <DropdownMenuItem onSelect={() => actions.addSubtask(task)}>
                <PlusIcon aria-hidden="true" />
                Add subtask
              </DropdownMenuItem>
            ) : null}
            <DropdownMenuSeparator />
            <DropdownMenuItem variant="destructive" onSelect={() => actions.remove(task)}>
              <Trash2Icon aria-hidden="true" />
              Delete
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
      </div>
    </div>
  );
}

/** A task with its subtasks indented under it. */
export function TaskTree({ task, flat }: { task: RowTask; flat: boolean }) {
  const subtasks = !flat && "subtasks" in task ? task.subtasks : [];
  return (
    <li>
      <TaskRow task={task} showParent={flat} />
      {subtasks.length > 0 ? (
        <ul className="border-border ml-3 border-l pl-1 sm:ml-5 sm:pl-3" aria-label={`Subtasks of ${task.title}`}>
          {subtasks.map((sub) => (
            <li key={sub.id}>
              <TaskRow task={sub} />
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
