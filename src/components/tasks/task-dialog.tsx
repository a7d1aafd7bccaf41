"use client";

import * as React from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { format } from "date-fns";
import { Controller, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { createTaskInput } from "~/server/tasks/schemas";
import { api } from "~/trpc/react";
import { toWallDate } from "~/lib/zoned-time";
import { FIELD_LIMITS } from "~/lib/field-limits";
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
import { FormError } from "~/components/shared/form-error";
import { setServerErrors } from "~/components/shared/form-errors";
import { commaList, focusById, parsedTextField } from "~/components/shared/form-schema";
import { contactDisplayName } from "~/lib/contact-name";
import { useContactSearch } from "~/hooks/use-contact-search";
import { useSubmitHotkey } from "~/hooks/use-submit-hotkey";
import { PriorityOptionItems } from "./priority-options";
import { formatDue } from "~/lib/format";
import { RECURRENCE_OPTIONS, type RowTask } from "./task-meta";

/** The server's task fields, checked in the browser too; tags are typed as comma-separated text. */
const task = createTaskInput.shape;
const taskForm = z.object({
  title: task.title,
  description: task.description,
  priority: task.priority,
  /** "YYYY-MM-DD" in the user's zone, or null. */
  dueAt: task.dueAt,
  contactId: task.contactId,
  recurrence: task.recurrence,
  tags: parsedTextField(commaList, task.tags),
  parentId: task.parentId,
});
type Values = z.input<typeof taskForm>;

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

function initialValues(task: RowTask | null, defaults: TaskDefaults, timeZone: string): Values {
  return {
    title: task?.title ?? "",
    description: task?.description ?? "",
    priority: task?.priority ?? "medium",
    dueAt: task?.dueAt ? toWallDate(task.dueAt, timeZone) : null,
    contactId: task?.contact ? task.contact.id : (defaults.contact?.id ?? null),
    recurrence: task?.recurrence ?? "none",
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
  const form = useForm<Values, unknown, z.output<typeof taskForm>>({
    resolver: zodResolver(taskForm),
    defaultValues: initialValues(task, defaults, timeZone),
  });
  const { errors, dirtyFields } = form.formState;
  const [recurrence, parentId] = useWatch({ control: form.control, name: ["recurrence", "parentId"] });
  // The chosen contact's name for the combobox (the form holds only its id).
  const [contactName, setContactName] = React.useState(() =>
    task?.contact ? contactDisplayName(task.contact) : (defaults.contact?.label ?? undefined),
  );
  const hotkeyRef = useSubmitHotkey();
  const contacts = useContactSearch(open);
  const hasSubtasks = !!task && "subtasks" in task && task.subtasks.length > 0;
  const parents = api.tasks.list.useQuery(
    { topLevel: true, status: ["todo", "in_progress"], pageSize: 100 },
    { enabled: open && !hasSubtasks, staleTime: 30_000 },
  );
  const parentOptions = (parents.data?.items ?? []).filter((t) => t.id !== task?.id);
  const defaultParent = defaults.parent;

  const onError = (error: Parameters<typeof setServerErrors>[1]) => setServerErrors(form, error, FIELDS);
  const finish = async (message: string) => {
    await utils.tasks.list.invalidate();
    toast.success(message);
    onOpenChange(false);
  };
  const create = api.tasks.create.useMutation({ onError, onSuccess: (t) => finish(`Task “${t.title}” created.`) });
  const update = api.tasks.update.useMutation({ onError, onSuccess: (t) => finish(`Task “${t.title}” saved.`) });
  const pending = create.isPending || update.isPending;

  const onSubmit = form.handleSubmit(({ dueAt, parentId, ...common }) => {
    if (pending) return;
    if (task) {
      update.mutate({
        id: task.id,
        ...common,
        ...(hasSubtasks ? {} : { parentId }),
        // An untouched due date is not sent, so a due time set elsewhere is kept.
        ...(dirtyFields.dueAt ? { dueAt } : {}),
      });
    } else {
      create.mutate({ ...common, parentId, dueAt });
    }
  });

  function inputProps(field: FieldName) {
    const error = errors[field]?.message;
    return {
      id: ids[field].input,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": describedBy(error && ids[field].error),
    } as const;
  }

  const parentTitle =
    parentOptions.find((p) => p.id === parentId)?.title ??
    (task && "parent" in task && task.parent?.id === parentId ? task.parent?.title : undefined) ??
    (defaultParent?.id === parentId ? defaultParent?.title : undefined);

  return (
    <Dialog open={open} onOpenChange={(next) => (!pending ? onOpenChange(next) : undefined)}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{task ? "Edit task" : defaultParent ? "New subtask" : "New task"}</DialogTitle>
          <DialogDescription>
            {defaultParent && !task ? `A step of “${defaultParent.title}”.` : "What needs doing, by when, and for whom."}
          </DialogDescription>
        </DialogHeader>
        <form ref={hotkeyRef} onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending || undefined}>
          <FormError message={errors.root?.server?.message} />
          <Field className="content-start">
            <Label htmlFor={ids.title.input}>Title</Label>
            <Input
              {...inputProps("title")}
              {...form.register("title")}
              autoFocus
              required
              maxLength={FIELD_LIMITS.taskTitle}
              placeholder="Send Ada the proposal"
            />
            <FieldError id={ids.title.error}>{errors.title?.message}</FieldError>
          </Field>
          <Field className="content-start">
            <Label htmlFor={ids.description.input}>Description</Label>
            <Textarea
              {...inputProps("description")}
              {...form.register("description")}
              rows={3}
              maxLength={FIELD_LIMITS.taskDescription}
            />
            {errors.description ? (
              <FieldError id={ids.description.error}>{errors.description.message}</FieldError>
            ) : (
              <FieldDescription>Ctrl+Enter saves.</FieldDescription>
            )}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field className="content-start">
              <Label htmlFor={ids.priority.input}>Priority</Label>
              <Controller
                control={form.control}
                name="priority"
                render={({ field }) => (
                  <Select value={field.value} onValueChange={field.onChange}>
                    <SelectTrigger {...inputProps("priority")} ref={field.ref} className="w-full">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <PriorityOptionItems />
                    </SelectContent>
                  </Select>
                )}
              />
              <FieldError id={ids.priority.error}>{errors.priority?.message}</FieldError>
            </Field>
            <Field className="content-start">
              <Label htmlFor={ids.dueAt.input}>Due date</Label>
              <Controller
                control={form.control}
                name="dueAt"
                render={({ field }) => {
                  field.ref(focusById(ids.dueAt.input));
                  return (
                    <DatePicker
                      {...inputProps("dueAt")}
                      value={pickerDate(typeof field.value === "string" ? field.value : null)}
                      onChange={(date) => field.onChange(date ? format(date, "yyyy-MM-dd") : null)}
                      placeholder="No due date"
                    />
                  );
                }}
              />
              {errors.dueAt ? (
                <FieldError id={ids.dueAt.error}>{errors.dueAt.message}</FieldError>
              ) : task?.dueAt && !dirtyFields.dueAt && formatDue(task.dueAt, timeZone).includes(":") ? (
                <FieldDescription>Due {formatDue(task.dueAt, timeZone)}.</FieldDescription>
              ) : null}
            </Field>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field className="content-start">
              <Label htmlFor={ids.contactId.input}>Contact</Label>
              <Controller
                control={form.control}
                name="contactId"
                render={({ field }) => {
                  field.ref(focusById(ids.contactId.input));
                  return (
                    <Combobox
                      {...inputProps("contactId")}
                      value={field.value ?? undefined}
                      valueLabel={contactName}
                      onChange={(value) => {
                        const option = contacts.options.find((o) => o.value === value);
                        setContactName(value ? (option?.label ?? contactName ?? value) : undefined);
                        field.onChange(value ?? null);
                      }}
                      options={contacts.options}
                      onSearchChange={contacts.setSearch}
                      loading={contacts.loading}
                      placeholder="No contact"
                      searchPlaceholder="Search contacts…"
                      emptyText="No contacts found."
                    />
                  );
                }}
              />
              <FieldError id={ids.contactId.error}>{errors.contactId?.message}</FieldError>
            </Field>
            <Field className="content-start">
              <Label htmlFor={ids.recurrence.input}>Recurrence</Label>
              <Controller
                control={form.control}
                name="recurrence"
                render={({ field }) => (
                  <Select value={field.value} onValueChange={field.onChange}>
                    <SelectTrigger {...inputProps("recurrence")} ref={field.ref} className="w-full">
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
                )}
              />
              {errors.recurrence ? (
                <FieldError id={ids.recurrence.error}>{errors.recurrence.message}</FieldError>
              ) : recurrence !== "none" ? (
                <FieldDescription>Completing it creates the next one.</FieldDescription>
              ) : null}
            </Field>
          </div>
          <Field className="content-start">
            <Label htmlFor={ids.tags.input}>Tags</Label>
            <Input
              {...inputProps("tags")}
              aria-describedby={describedBy(errors.tags ? ids.tags.error : ids.tags.description)}
              {...form.register("tags")}
              placeholder="follow-up, sales"
              autoComplete="off"
            />
            {errors.tags ? (
              <FieldError id={ids.tags.error}>{errors.tags.message}</FieldError>
            ) : (
              <FieldDescription id={ids.tags.description}>Separate tags with commas.</FieldDescription>
            )}
          </Field>
          <Field className="content-start">
            <Label htmlFor={ids.parentId.input}>Parent task</Label>
            <Controller
              control={form.control}
              name="parentId"
              render={({ field }) => (
                <Select
                  value={field.value ?? NO_PARENT}
                  onValueChange={(v) => field.onChange(v === NO_PARENT ? null : v)}
                  disabled={hasSubtasks}
                >
                  <SelectTrigger {...inputProps("parentId")} ref={field.ref} className="w-full">
                    <SelectValue placeholder="None (top-level task)" />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value={NO_PARENT}>None (top-level task)</SelectItem>
                    {field.value && !parentOptions.some((p) => p.id === field.value) ? (
                      <SelectItem value={field.value}>{parentTitle ?? "Current parent"}</SelectItem>
                    ) : null}
                    {parentOptions.map((p) => (
                      <SelectItem key={p.id} value={p.id}>
                        {p.title}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            />
            {errors.parentId ? (
              <FieldError id={ids.parentId.error}>{errors.parentId.message}</FieldError>
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
