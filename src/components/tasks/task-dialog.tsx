"use client";

import * as React from "react";
import { PriorityOptionItems } from "./priority-options";
import { format } from "date-fns";
import { CircleAlertIcon } from "lucide-react";
import { toast } from "sonner";

import { api } from "~/trpc/react";
import { toWallDate } from "~/lib/zoned-time";
import { Alert, AlertDescription } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Combobox } from "~/components/ui/combobox";
import { DatePicker } from "~/components/ui/date-picker";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "~/components/ui/dialog";
import { Field, FieldDescription, FieldError, describedBy, fieldIds } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Spinner } from "~/components/ui/spinner";
import { Textarea } from "~/components/ui/textarea";
import type { PickedContact } from "~/components/shared/contacts-multi-select";
import { splitFormErrors } from "~/components/shared/form-errors";
import { contactLabel } from "~/components/shared/contact-label";
import { useContactSearch } from "~/hooks/use-contact-search";
import {
  RECURRENCE_OPTIONS,
  formatDue,
  type RowTask,
  type TaskPriority,
  type TaskRecurrence,
} from "./task-meta";

const FIELDS = ["title", "description", "priority", "dueAt", "contactId", "recurrence", "tags", "parentId"] as const;
type FieldName = (typeof FIELDS)[number];
const ids = Object.fromEntries(FIELDS.map((f) => [f, fieldIds(f, "task")])) as Record<FieldName, ReturnType<typeof fieldIds>>;
const NO_PARENT = "__none__";

export interface TaskDefaults {
  contact?: PickedContact | null;
  parent?: { id: string; title: string } | null;
}

/** "YYYY-MM-DD" -> a local-midnight Date for the date picker (and back). */
function pickerDate(wall: string | null) {
  if (!wall) return undefined;
  const [y, m, d] = wall.split("-").map(Number);
  return new Date(y!, m! - 1, d!);
}

function initialState(task: RowTask | null, defaults: TaskDefaults, timeZone: string) {
  return {
    title: task?.title ?? "",
    description: task?.description ?? "",
    priority: (task?.priority ?? "medium") as TaskPriority,
    due: task?.dueAt ? toWallDate(task.dueAt, timeZone) : null,
    contact: task?.contact
      ? { id: task.contact.id, label: contactLabel(task.contact) }
      : (defaults.contact ?? null),
    recurrence: (task?.recurrence ?? "none") as TaskRecurrence,
    tags: task?.tags.join(", ") ?? "",
    parentId: task ? task.parentId : (defaults.parent?.id ?? null),
  };
}

export function TaskDialog({
  open,
  onOpenChange,
  timeZone,
  task,
  defaults = {},
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  timeZone: string;
  /** The task to edit; null creates one. */
  task: RowTask | null;
  defaults?: TaskDefaults;
}) {
  const utils = api.useUtils();
  const [state, setState] = React.useState(() => initialState(task, defaults, timeZone));
  const [dueTouched, setDueTouched] = React.useState(false);
  const [fieldErrors, setFieldErrors] = React.useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const formRef = React.useRef<HTMLFormElement>(null);
  const contacts = useContactSearch(open);
  const hasSubtasks = !!task && "subtasks" in task && task.subtasks.length > 0;
  const parents = api.tasks.list.useQuery(
    { topLevel: true, status: ["todo", "in_progress"], pageSize: 100 },
    { enabled: open && !hasSubtasks, staleTime: 30_000 },
  );
  const parentOptions = (parents.data?.items ?? []).filter((t) => t.id !== task?.id);
  const defaultParent = defaults.parent;

  const onError = (error: Parameters<typeof splitFormErrors>[0]) => {
    const { fieldErrors: next, formError: other } = splitFormErrors(error, FIELDS);
    setFieldErrors(next);
    setFormError(other);
    const first = FIELDS.find((f) => next[f]);
    if (first) requestAnimationFrame(() => document.getElementById(ids[first].input)?.focus());
  };
  const finish = async (message: string) => {
    await utils.tasks.list.invalidate();
    toast.success(message);
    onOpenChange(false);
  };
  const create = api.tasks.create.useMutation({ onError, onSuccess: (t) => finish(`Task “${t.title}” created.`) });
  const update = api.tasks.update.useMutation({ onError, onSuccess: (t) => finish(`Task “${t.title}” saved.`) });
  const pending = create.isPending || update.isPending;

  function set<K extends keyof typeof state>(key: K, value: (typeof state)[K], field: FieldName) {
    setState((prev) => ({ ...prev, [key]: value }));
    if (fieldErrors[field]) setFieldErrors((prev) => ({ ...prev, [field]: undefined }));
  }

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    setFormError(null);
    setFieldErrors({});
    const tags = state.tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    const common = {
      title: state.title,
      description: state.description || null,
      priority: state.priority,
      contactId: state.contact?.id ?? null,
      recurrence: state.recurrence,
      tags,
    };
    if (task) {
      update.mutate({
        id: task.id,
        ...common,
        ...(hasSubtasks ? {} : { parentId: state.parentId }),
        ...(dueTouched ? { dueAt: state.due } : {}),
      });
    } else {
      create.mutate({ ...common, parentId: state.parentId, dueAt: state.due });
    }
  }

  function inputProps(field: FieldName) {
    const error = fieldErrors[field];
    return {
      id: ids[field].input,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": describedBy(error && ids[field].error),
    } as const;
  }

  const parentTitle =
    parentOptions.find((p) => p.id === state.parentId)?.title ??
    (task && "parent" in task && task.parent?.id === state.parentId ? task.parent?.title : undefined) ??
    (defaultParent?.id === state.parentId ? defaultParent?.title : undefined);

  return (
    <Dialog open={open} onOpenChange={(next) => (!pending ? onOpenChange(next) : undefined)}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{task ? "Edit task" : defaultParent ? "New subtask" : "New task"}</DialogTitle>
          <DialogDescription>
            {defaultParent && !task ? `A step of “${defaultParent.title}”.` : "What needs doing, by when, and for whom."}
          </DialogDescription>
        </DialogHeader>
        <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending || undefined}>
          {formError ? (
            <Alert variant="destructive">
              <CircleAlertIcon />
              <AlertDescription>{formError}</AlertDescription>
            </Alert>
          ) : null}
          <Field className="content-start">
            <Label htmlFor={ids.title.input}>Title</Label>
            <Input
              {...inputProps("title")}
              value={state.title}
              onChange={(e) => set("title", e.target.value, "title")}
              autoFocus
              required
              maxLength={255}
              placeholder="Send Ada the proposal"
            />
            <FieldError id={ids.title.error}>{fieldErrors.title}</FieldError>
          </Field>
          <Field className="content-start">
            <Label htmlFor={ids.description.input}>Description</Label>
            <Textarea
              {...inputProps("description")}
              value={state.description}
              onChange={(e) => set("description", e.target.value, "description")}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
                  e.preventDefault();
                  formRef.current?.requestSubmit();
                }
              }}
              rows={3}
              maxLength={10_000}
            />
            {fieldErrors.description ? (
              <FieldError id={ids.description.error}>{fieldErrors.description}</FieldError>
            ) : (
              <FieldDescription>Ctrl+Enter saves.</FieldDescription>
            )}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field className="content-start">
              <Label htmlFor={ids.priority.input}>Priority</Label>
              <Select value={state.priority} onValueChange={(v) => set("priority", v as TaskPriority, "priority")}>
                <SelectTrigger {...inputProps("priority")} className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <PriorityOptionItems />
                </SelectContent>
              </Select>
              <FieldError id={ids.priority.error}>{fieldErrors.priority}</FieldError>
            </Field>
            <Field className="content-start">
              <Label htmlFor={ids.dueAt.input}>Due date</Label>
              <DatePicker
                {...inputProps("dueAt")}
                value={pickerDate(state.due)}
                onChange={(date) => {
                  setDueTouched(true);
                  set("due", date ? format(date, "yyyy-MM-dd") : null, "dueAt");
                }}
                placeholder="No due date"
              />
              {fieldErrors.dueAt ? (
                <FieldError id={ids.dueAt.error}>{fieldErrors.dueAt}</FieldError>
              ) : task?.dueAt && !dueTouched && formatDue(task.dueAt, timeZone).includes(":") ? (
                <FieldDescription>Due {formatDue(task.dueAt, timeZone)}.</FieldDescription>
              ) : null}
            </Field>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field className="content-start">
              <Label htmlFor={ids.contactId.input}>Contact</Label>
              <Combobox
                {...inputProps("contactId")}
                value={state.contact?.id}
                valueLabel={state.contact?.label}
                onChange={(value) => {
                  const option = contacts.options.find((o) => o.value === value);
                  set("contact", value ? { id: value, label: option?.label ?? state.contact?.label ?? value } : null, "contactId");
                }}
                options={contacts.options}
                onSearchChange={contacts.setSearch}
                loading={contacts.loading}
                placeholder="No contact"
                searchPlaceholder="Search contacts…"
                emptyText="No contacts found."
              />
              <FieldError id={ids.contactId.error}>{fieldErrors.contactId}</FieldError>
            </Field>
            <Field className="content-start">
              <Label htmlFor={ids.recurrence.input}>Recurrence</Label>
              <Select value={state.recurrence} onValueChange={(v) => set("recurrence", v as TaskRecurrence, "recurrence")}>
                <SelectTrigger {...inputProps("recurrence")} className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {RECURRENCE_OPTIONS.map((r) => (
                    <SelectItem key={r.value} value={r.value}>
                      {r.label}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              {fieldErrors.recurrence ? (
                <FieldError id={ids.recurrence.error}>{fieldErrors.recurrence}</FieldError>
              ) : state.recurrence !== "none" ? (
                <FieldDescription>Completing it creates the next one.</FieldDescription>
              ) : null}
            </Field>
          </div>
          <Field className="content-start">
            <Label htmlFor={ids.tags.input}>Tags</Label>
            <Input
              {...inputProps("tags")}
              aria-describedby={describedBy(fieldErrors.tags ? ids.tags.error : ids.tags.description)}
              value={state.tags}
              onChange={(e) => set("tags", e.target.value, "tags")}
              placeholder="follow-up, sales"
              autoComplete="off"
            />
            {fieldErrors.tags ? (
              <FieldError id={ids.tags.error}>{fieldErrors.tags}</FieldError>
            ) : (
              <FieldDescription id={ids.tags.description}>Separate tags with commas.</FieldDescription>
            )}
          </Field>
          <Field className="content-start">
            <Label htmlFor={ids.parentId.input}>Parent task</Label>
            <Select
              value={state.parentId ?? NO_PARENT}
              onValueChange={(v) => set("parentId", v === NO_PARENT ? null : v, "parentId")}
              disabled={hasSubtasks}
            >
              <SelectTrigger {...inputProps("parentId")} className="w-full">
                <SelectValue placeholder="None (top-level task)" />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={NO_PARENT}>None (top-level task)</SelectItem>
                {state.parentId && !parentOptions.some((p) => p.id === state.parentId) ? (
                  <SelectItem value={state.parentId}>{parentTitle ?? "Current parent"}</SelectItem>
                ) : null}
                {parentOptions.map((p) => (
                  <SelectItem key={p.id} value={p.id}>
                    {p.title}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            {fieldErrors.parentId ? (
              <FieldError id={ids.parentId.error}>{fieldErrors.parentId}</FieldError>
            ) : hasSubtasks ? (
              <FieldDescription>A task with subtasks stays top-level.</FieldDescription>
            ) : null}
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner aria-hidden="true" /> : null}
              {task ? "Save changes" : "Create task"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
