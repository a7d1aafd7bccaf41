"use client";

import * as React from "react";
import { keepPreviousData } from "@tanstack/react-query";
import { parseAsBoolean, parseAsStringLiteral, useQueryStates } from "nuqs";
import { ChevronDownIcon, ListTodoIcon, PlusIcon, XIcon } from "lucide-react";
import { toast } from "sonner";

import { api } from "~/trpc/react";
import { cn } from "~/lib/utils";
import { useDropUrlKeys, useNewFlagArrivals, useUrlContact, useUrlKeyArrivals } from "~/hooks/url-state";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Label } from "~/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Switch } from "~/components/ui/switch";
import { EmptyState } from "~/components/shared/empty-state";
import { ListPager, pageCountOf } from "~/components/shared/list-pager";
import { ListSkeleton } from "~/components/shared/list-skeleton";
import { ClearFiltersLink, ListState, loadError } from "~/components/shared/list-state";
import type { PickedContact } from "~/components/shared/contacts-multi-select";
import { errorMessage } from "~/components/shared/form-errors";
import { contactDisplayName } from "~/lib/contact-name";
import { ContactFilter } from "~/components/shared/contact-filter";
import { formatDue } from "~/lib/format";
import { PriorityOptionItems } from "./priority-options";
import { TaskDialog, type TaskDefaults } from "./task-dialog";
import { TaskActionsContext, TaskTree, type TaskActions } from "./task-row";
import {
  PRIORITY_OPTIONS,
  STATUS_OPTIONS,
  openSubtaskCount,
  type RowTask,
  type TaskPriority,
  type TaskStatus,
} from "./task-meta";

const PAGE_SIZE = 25;
const GROUPS: Array<{ status: TaskStatus; label: string; collapsed: boolean }> = [
  { status: "todo", label: "To do", collapsed: false },
  { status: "in_progress", label: "In progress", collapsed: false },
  { status: "done", label: "Done", collapsed: false },
  { status: "canceled", label: "Canceled", collapsed: true },
];

interface Filters {
  status: TaskStatus | "all";
  priority: TaskPriority | "all";
  overdue: boolean;
  contact: PickedContact | null;
}
const NO_FILTERS: Filters = { status: "all", priority: "all", overdue: false, contact: null };

/** The filters in the URL (/tasks?status=todo&priority=high&overdue=true&contact=<id>), so a reload keeps them. */
const filterParams = {
  status: parseAsStringLiteral(STATUS_OPTIONS.map((s) => s.value)),
  priority: parseAsStringLiteral(PRIORITY_OPTIONS.map((p) => p.value)),
  overdue: parseAsBoolean.withDefault(false),
};
/** A link's one-off instructions (/tasks?contactId=…&new=1, /tasks?task=…), dropped from the URL once followed. */
const ARRIVAL_KEYS = ["task", "new", "contactId"] as const;

interface DialogState {
  key: number;
  task: RowTask | null;
  defaults: TaskDefaults;
}

export function TasksView({
  timeZone,
  initialContact,
  initialTask,
  openNew,
}: {
  timeZone: string;
  /** Prefill for the create dialog (from /tasks?contactId=…&new=1). */
  initialContact: PickedContact | null;
  /** Opened for editing on arrival (from /tasks?task=…). */
  initialTask: RowTask | null;
  openNew: boolean;
}) {
  const utils = api.useUtils();
  const [params, setParams] = useQueryStates(filterParams, { history: "push" });
  const [contact, setContact] = useUrlContact("contact", null);
  const filters: Filters = {
    status: params.status ?? "all",
    priority: params.priority ?? "all",
    overdue: params.overdue,
    contact,
  };
  const [pages, setPages] = React.useState<Record<TaskStatus, number>>({ todo: 1, in_progress: 1, done: 1, canceled: 1 });
  const [expanded, setExpanded] = React.useState<Record<TaskStatus, boolean>>({
    todo: true,
    in_progress: true,
    done: true,
    canceled: false,
  });
  const [dialog, setDialog] = React.useState<DialogState | null>(() =>
    openNew
      ? { key: 0, task: null, defaults: { contact: initialContact } }
      : initialTask
        ? { key: 0, task: initialTask, defaults: {} }
        : null,
  );
  const [confirmComplete, setConfirmComplete] = React.useState<RowTask | null>(null);
  const [confirmDelete, setConfirmDelete] = React.useState<RowTask | null>(null);
  const [busyIds, setBusyIds] = React.useState<ReadonlySet<string>>(new Set());

  useDropUrlKeys(ARRIVAL_KEYS, openNew || initialTask !== null);
  // The same links followed while the page is open (⌘K's "New task", a task found by search).
  useNewFlagArrivals(() => setDialog((prev) => ({ key: (prev?.key ?? 0) + 1, task: null, defaults: { contact: initialContact } })));
  useUrlKeyArrivals("task", (id) => {
    utils.tasks.get
      .fetch({ id })
      .then((task) => setDialog((prev) => ({ key: (prev?.key ?? 0) + 1, task, defaults: {} })))
      .catch((error: Parameters<typeof errorMessage>[0]) => toast.error(errorMessage(error, "Could not open the task.")));
  });

  const filtered = filters.priority !== "all" || filters.overdue || filters.contact !== null;
  const anyFilter = filtered || filters.status !== "all";
  const groups = GROUPS.filter((g) => filters.status === "all" || g.status === filters.status);
  const queries = api.useQueries((t) =>
    groups.map((g) =>
      t.tasks.list(
        {
          status: [g.status],
          // With filters, subtasks that match show on their own (with their parent's name).
          topLevel: filtered ? undefined : true,
          priority: filters.priority === "all" ? undefined : [filters.priority],
          overdue: filters.overdue || undefined,
          contactId: filters.contact?.id,
          page: pages[g.status],
          pageSize: PAGE_SIZE,
        },
        { placeholderData: keepPreviousData },
      ),
    ),
  );
  const allLoaded = queries.every((q) => q.data);
  const total = queries.reduce((sum, q) => sum + (q.data?.total ?? 0), 0);

  function changeFilters(next: Partial<Filters>) {
    void setParams({
      ...(next.status !== undefined && { status: next.status === "all" ? null : next.status }),
      ...(next.priority !== undefined && { priority: next.priority === "all" ? null : next.priority }),
      ...(next.overdue !== undefined && { overdue: next.overdue || null }),
    });
    if (next.contact !== undefined) void setContact(next.contact);
    setPages({ todo: 1, in_progress: 1, done: 1, canceled: 1 });
  }

  const update = api.tasks.update.useMutation();
  const remove = api.tasks.delete.useMutation();

  const markBusy = (id: string, busy: boolean) =>
    setBusyIds((prev) => {
      const next = new Set(prev);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });

  const setStatus = React.useCallback(
    async (task: RowTask, status: TaskStatus, completeSubtasks = false) => {
      if (status === task.status) return;
      if (status === "done" && !completeSubtasks && openSubtaskCount(task) > 0) {
        setConfirmComplete(task);
        return;
      }
      markBusy(task.id, true);
      try {
        const result = await update.mutateAsync({ id: task.id, status, completeSubtasks: completeSubtasks || undefined });
        await utils.tasks.list.invalidate();
        if (status === "done") {
          toast.success(`Completed “${task.title}”.`, {
            description: result.nextOccurrence
              ? result.nextOccurrence.dueAt
                ? `Next one due ${formatDue(result.nextOccurrence.dueAt, timeZone)}.`
                : "The next one is on your list."
              : undefined,
          });
        }
      } catch (error) {
        const e = error as Parameters<typeof errorMessage>[0];
        if (e.data?.code === "PRECONDITION_FAILED") setConfirmComplete(task);
        else toast.error(errorMessage(e, "Could not update the task."));
        throw error;
      } finally {
        markBusy(task.id, false);
      }
    },
    [update, utils, timeZone],
  );

  const actions: TaskActions = React.useMemo(
    () => ({
      timeZone,
      busyIds,
      setStatus: (task, status) => void setStatus(task, status).catch(() => undefined),
      setPriority: (task, priority) => {
        if (priority === task.priority) return;
        markBusy(task.id, true);
        update.mutate(
          { id: task.id, priority },
          {
            onSuccess: () => utils.tasks.list.invalidate(),
            onError: (e) => toast.error(errorMessage(e, "Could not change the priority.")),
            onSettled: () => markBusy(task.id, false),
          },
        );
      },
      edit: (task) => setDialog((prev) => ({ key: (prev?.key ?? 0) + 1, task, defaults: {} })),
      addSubtask: (task) =>
        setDialog((prev) => ({
          key: (prev?.key ?? 0) + 1,
          task: null,
          defaults: {
            parent: { id: task.id, title: task.title },
            contact: task.contact ? { id: task.contact.id, label: contactDisplayName(task.contact) } : null,
          },
        })),
      remove: (task) => setConfirmDelete(task),
    }),
    [timeZone, busyIds, setStatus, update, utils],
  );

  const newTask = () =>
    setDialog((prev) => ({ key: (prev?.key ?? 0) + 1, task: null, defaults: { contact: filters.contact ?? initialContact } }));

  return (
    <TaskActionsContext.Provider value={actions}>
      <div className="space-y-6">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div className="space-y-1">
            <h1 className="text-2xl font-semibold tracking-tight">Tasks</h1>
            <p className="text-muted-foreground text-sm">Follow-ups, promises and to-dos, most urgent first.</p>
          </div>
          <Button onClick={newTask}>
            <PlusIcon aria-hidden="true" />
            New task
          </Button>
        </div>

        <section aria-label="Filters" className="flex flex-wrap items-center gap-3">
          <Select value={filters.status} onValueChange={(v) => changeFilters({ status: v as Filters["status"] })}>
            <SelectTrigger className="w-40" aria-label="Filter by status">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="all">All statuses</SelectItem>
              {STATUS_OPTIONS.map((s) => (
                <SelectItem key={s.value} value={s.value}>
                  {s.label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <Select value={filters.priority} onValueChange={(v) => changeFilters({ priority: v as Filters["priority"] })}>
            <SelectTrigger className="w-40" aria-label="Filter by importance">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="all">All priorities</SelectItem>
              <PriorityOptionItems />
            </SelectContent>
          </Select>
          <div className="w-52">
            <ContactFilter
              aria-label="Filter by person"
              value={filters.contact}
              onChange={(contact) => changeFilters({ contact })}
            />
          </div>
          <div className="flex items-center gap-2">
            <Switch
              id="tasks-overdue-only"
              checked={filters.overdue}
              onCheckedChange={(overdue) => changeFilters({ overdue })}
            />
            <Label htmlFor="tasks-overdue-only">Overdue only</Label>
          </div>
          {anyFilter ? (
            <Button variant="ghost" size="sm" onClick={() => changeFilters(NO_FILTERS)}>
              <XIcon aria-hidden="true" />
              Clear filters
            </Button>
          ) : null}
        </section>

        {allLoaded && total === 0 ? (
          anyFilter ? (
            <EmptyState icon={ListTodoIcon}>
              No tasks match these filters.{" "}
              <ClearFiltersLink onClick={() => changeFilters(NO_FILTERS)} />
            </EmptyState>
          ) : (
            <EmptyState icon={ListTodoIcon}>
              No tasks yet. Add what you promised to do, and Switchboard keeps it in front of you.{" "}
              <button type="button" className="text-foreground font-medium underline underline-offset-4" onClick={newTask}>
                Create a task
              </button>
            </EmptyState>
          )
        ) : (
          <div className="space-y-4">
            {groups.map((group, i) => {
              const query = queries[i]!;
              const data = query.data;
              const open = expanded[group.status];
              const headingId = `tasks-group-${group.status}`;
              return (
                <section key={group.status} aria-labelledby={headingId} className="rounded-lg border">
                  <h2 id={headingId} className="text-sm font-semibold">
                    <button
                      type="button"
                      className="hover:bg-accent/40 flex w-full items-center gap-2 rounded-t-lg px-4 py-3 text-left"
                      aria-expanded={open}
                      onClick={() => setExpanded((prev) => ({ ...prev, [group.status]: !open }))}
                    >
                      <ChevronDownIcon
                        className={cn("size-4 transition-transform", !open && "-rotate-90")}
                        aria-hidden="true"
                      />
                      {group.label}
                      <Badge variant="secondary" className="ml-1">
                        {data ? data.total : "…"}
                      </Badge>
                    </button>
                  </h2>
                  {open ? (
                    <div className="border-t px-1 py-2">
                      <ListState
                        data={data}
                        error={loadError("These tasks could not be loaded.", query.error)}
                        errorClassName="px-3 py-2"
                        skeleton={
                          <ListSkeleton
                            label="Loading tasks…"
                            rows={3}
                            className="space-y-3 px-3 py-2"
                            rowClassName="gap-3 py-0"
                            lead="size-5 rounded"
                            trailing={["h-8 w-32", "h-8 w-28"]}
                          />
                        }
                        isEmpty={(d) => d.items.length === 0}
                        empty={<p className="text-muted-foreground px-3 py-2 text-sm">Nothing here.</p>}
                      >
                        {(data) => (
                          <ul className="space-y-0.5" aria-busy={query.isFetching || undefined}>
                            {data.items.map((task) => (
                              <TaskTree key={task.id} task={task} flat={filtered} />
                            ))}
                          </ul>
                        )}
                      </ListState>
                      {data ? (
                        <ListPager
                          className="mt-2"
                          page={data.page}
                          pageCount={pageCountOf(data.total, PAGE_SIZE)}
                          onPageChange={(page) => setPages((p) => ({ ...p, [group.status]: page }))}
                        />
                      ) : null}
                    </div>
                  ) : null}
                </section>
              );
            })}
          </div>
        )}
      </div>

      {dialog ? (
        <TaskDialog
          key={dialog.key}
          open
          onOpenChange={(open) => (open ? undefined : setDialog(null))}
          timeZone={timeZone}
          task={dialog.task}
          defaults={dialog.defaults}
        />
      ) : null}

      <ConfirmDialog
        open={confirmComplete !== null}
        onOpenChange={(open) => (open ? undefined : setConfirmComplete(null))}
        title={confirmComplete ? `Complete “${confirmComplete.title}” and its subtasks?` : "Complete task?"}
        description={
          confirmComplete
            ? `${openSubtaskCount(confirmComplete) || "Some"} subtask${openSubtaskCount(confirmComplete) === 1 ? " is" : "s are"} still open. Completing the task completes ${openSubtaskCount(confirmComplete) === 1 ? "it" : "them"} too.`
            : undefined
        }
        confirmLabel="Complete all"
        destructive={false}
        onConfirm={async () => {
          if (!confirmComplete) return;
          await setStatus(confirmComplete, "done", true);
        }}
      />

      <ConfirmDialog
        open={confirmDelete !== null}
        onOpenChange={(open) => (open ? undefined : setConfirmDelete(null))}
        title={confirmDelete ? `Delete “${confirmDelete.title}”?` : "Delete task?"}
        description={
          confirmDelete && "subtasks" in confirmDelete && confirmDelete.subtasks.length > 0
            ? `Its ${confirmDelete.subtasks.length} subtask${confirmDelete.subtasks.length === 1 ? " goes" : "s go"} with it. This cannot be undone.`
            : "This cannot be undone."
        }
        confirmLabel="Delete task"
        onConfirm={async () => {
          if (!confirmDelete) return;
          const task = confirmDelete;
          try {
            await remove.mutateAsync({ id: task.id });
          } catch (error) {
            toast.error(errorMessage(error as Parameters<typeof errorMessage>[0], "Could not delete the task."));
            throw error;
          }
          await utils.tasks.list.invalidate();
          toast.success(`Task “${task.title}” deleted.`);
        }}
      />
    </TaskActionsContext.Provider>
  );
}
