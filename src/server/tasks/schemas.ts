import { z } from "zod";
import { FIELD_LIMITS, limitedText, tooLongMessage } from "~/lib/field-limits";
import { timeInput } from "~/server/calendar/schemas";

/** Input schemas of the tasks router, shared with the task form (pure zod: the browser bundles them). */

export const TASK_STATUSES = ["todo", "in_progress", "done", "canceled"] as const;
export const TASK_PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export const RECURRENCES = ["none", "daily", "weekly", "monthly"] as const;
export const MAX_PAGE_SIZE = 100;
export const MAX_TAGS = 20;

const statusEnum = z.enum(TASK_STATUSES, { error: "Choose to do, in progress, done or canceled." });
const priorityEnum = z.enum(TASK_PRIORITIES, { error: "Choose low, medium, high or urgent." });
const recurrenceEnum = z.enum(RECURRENCES, { error: "Choose none, daily, weekly or monthly." });

const tag = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/\s+/g, " "))
  .pipe(z.string().min(1, "Tags cannot be empty.").max(FIELD_LIMITS.tag, tooLongMessage(FIELD_LIMITS.tag)));

/** Tags are lower-cased, trimmed and de-duplicated. */
const tags = z
  .array(tag)
  .max(MAX_TAGS, `Use at most ${MAX_TAGS} tags.`)
  .transform((list) => [...new Set(list)]);

const fields = {
  title: limitedText(FIELD_LIMITS.taskTitle).min(1, "Enter a title."),
  description: limitedText(FIELD_LIMITS.taskDescription)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v || null)),
  status: statusEnum,
  priority: priorityEnum,
  /** A date ("2025-03-04": that day, midnight in the user's zone) or an instant. */
  dueAt: timeInput("Enter a valid due date.").nullish(),
  contactId: z.string().min(1).nullish(),
  parentId: z.string().min(1).nullish(),
  recurrence: recurrenceEnum,
  tags,
};

export const createTaskInput = z.object({
  ...fields,
  status: fields.status.default("todo"),
  priority: fields.priority.default("medium"),
  recurrence: fields.recurrence.default("none"),
  tags: fields.tags.default([]),
});
export type CreateTaskInput = z.input<typeof createTaskInput>;

export const updateTaskInput = z.object({
  id: z.string().min(1),
  title: fields.title.optional(),
  description: fields.description,
  status: fields.status.optional(),
  priority: fields.priority.optional(),
  dueAt: fields.dueAt,
  contactId: fields.contactId,
  parentId: fields.parentId,
  recurrence: fields.recurrence.optional(),
  tags: fields.tags.optional(),
  /** Completing a task with open subtasks completes them too (otherwise PRECONDITION_FAILED). */
  completeSubtasks: z.boolean().optional(),
});
export type UpdateTaskInput = z.input<typeof updateTaskInput>;

export const listTasksInput = z.object({
  status: z.array(statusEnum).optional(),
  priority: z.array(priorityEnum).optional(),
  contactId: z.string().min(1).optional(),
  /** Due strictly before this (a date means that day's midnight in the user's zone). */
  dueBefore: timeInput("Enter a valid date.").optional(),
  /** Due at or after this. */
  dueAfter: timeInput("Enter a valid date.").optional(),
  /** Tasks carrying every one of these tags. */
  tags: z.array(tag).max(MAX_TAGS, `Filter by at most ${MAX_TAGS} tags.`).optional(),
  /** true: open tasks due before today (user's zone); false: every other task. */
  overdue: z.boolean().optional(),
  /** Only the subtasks of this task. */
  parentId: z.string().min(1).optional(),
  /** true: only tasks without a parent; false: only subtasks. */
  topLevel: z.boolean().optional(),
  /** Title contains (case-insensitive). */
  search: limitedText(FIELD_LIMITS.search).optional(),
  page: z.number({ error: "Enter a page number." }).int().min(1, "Pages start at 1.").default(1),
  pageSize: z
    .number({ error: "Enter a page size." })
    .int()
    .min(1, "Use a page size of at least 1.")
    .max(MAX_PAGE_SIZE, `Use a page size of at most ${MAX_PAGE_SIZE}.`)
    .default(50),
});
export type ListTasksInput = z.input<typeof listTasksInput>;

export const taskIdInput = z.object({ id: z.string().min(1) });
