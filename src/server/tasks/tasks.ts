import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import type { Recurrence, TaskStatus } from "~/generated/prisma/enums";
import type { Db, Tx } from "~/server/db";
import { fieldError, notFound } from "~/server/errors";
import { userTimeZone } from "~/server/calendar/user-zone";
import { addDaysIn, parseTime, startOfDayIn } from "~/lib/zoned-time";
import { nextDueAt } from "./recurrence";
import type { createTaskInput, listTasksInput, updateTaskInput } from "./schemas";

/** What the task services run with: the database and the clock that says what "today" is. */
export interface TaskDeps {
  db: Db;
  now: () => Date;
}

export const OPEN_STATUSES = ["todo", "in_progress"] as const satisfies readonly TaskStatus[];

/** The cause of the PRECONDITION_FAILED raised when completing a task that has open subtasks. */
export class OpenSubtasksError extends Error {
  constructor(readonly openSubtasks: number) {
    super(`open subtasks: ${openSubtasks}`);
    this.name = "OpenSubtasksError";
  }
}

function openSubtasksError(count: number) {
  return new TRPCError({
    code: "PRECONDITION_FAILED",
    message:
      count === 1
        ? "This task has 1 open subtask. Complete it first, or complete the task with its subtasks."
        : `This task has ${count} open subtasks. Complete them first, or complete the task with its subtasks.`,
    cause: new OpenSubtasksError(count),
  });
}

const contactSelect = { id: true, firstName: true, lastName: true, company: true } as const;

const baseSelect = {
  id: true,
  title: true,
  description: true,
  status: true,
  priority: true,
  dueAt: true,
  completedAt: true,
  contactId: true,
  callId: true,
  parentId: true,
  recurrence: true,
  recurrenceSourceId: true,
  tags: true,
  createdAt: true,
  updatedAt: true,
  contact: { select: contactSelect },
} as const satisfies Prisma.TaskSelect;

export const taskOrder = [
  // Enum order in PostgreSQL is low < medium < high < urgent.
  { priority: "desc" },
  { dueAt: { sort: "asc", nulls: "last" } },
  { createdAt: "asc" },
  { id: "asc" },
] as const satisfies Prisma.TaskOrderByWithRelationInput[];

const listSelect = {
  ...baseSelect,
  parent: { select: { id: true, title: true, status: true } },
  subtasks: { select: baseSelect, orderBy: taskOrder },
} as const satisfies Prisma.TaskSelect;

const detailSelect = {
  ...listSelect,
  nextOccurrence: { select: { id: true, dueAt: true, status: true } },
} as const satisfies Prisma.TaskSelect;

export type DueState = "overdue" | "today" | "upcoming" | "closed";

/** Where a due date stands for the user today: open tasks are overdue before today's midnight (their zone). */
export function dueStateOf(
  task: { status: TaskStatus; dueAt: Date | null },
  today: { start: Date; end: Date },
): DueState | null {
  if (!task.dueAt) return null;
  if (task.status === "done" || task.status === "canceled") return "closed";
  if (task.dueAt.getTime() < today.start.getTime()) return "overdue";
  if (task.dueAt.getTime() < today.end.getTime()) return "today";
  return "upcoming";
}

function todayIn(timeZone: string, now: Date) {
  const start = startOfDayIn(now, timeZone);
  return { start, end: addDaysIn(start, 1, timeZone) };
}

type BaseRow = Prisma.TaskGetPayload<{ select: typeof baseSelect }>;
type ListRow = Prisma.TaskGetPayload<{ select: typeof listSelect }>;

function presentBase(row: BaseRow, today: { start: Date; end: Date }) {
  return { ...row, dueState: dueStateOf(row, today) };
}

function presentWithSubtasks<T extends ListRow>(row: T, today: { start: Date; end: Date }) {
  const { subtasks: rows, ...rest } = row;
  const subtasks = rows.map((s) => presentBase(s, today));
  return {
    ...rest,
    dueState: dueStateOf(row, today),
    subtasks,
    openSubtaskCount: subtasks.filter((s) => isOpen(s.status)).length,
  };
}

function isOpen(status: TaskStatus) {
  return (OPEN_STATUSES as readonly TaskStatus[]).includes(status);
}

export async function listTasks(deps: TaskDeps, userId: string, input: z.output<typeof listTasksInput>) {
  const { db } = deps;
  const timeZone = await userTimeZone(db, userId);
  const today = todayIn(timeZone, deps.now());
  const and: Prisma.TaskWhereInput[] = [{ userId }];
  if (input.status?.length) and.push({ status: { in: input.status } });
  if (input.priority?.length) and.push({ priority: { in: input.priority } });
  if (input.contactId) and.push({ contactId: input.contactId });
  if (input.dueBefore !== undefined) and.push({ dueAt: { lt: parseTime(input.dueBefore, timeZone) } });
  if (input.dueAfter !== undefined) and.push({ dueAt: { gte: parseTime(input.dueAfter, timeZone) } });
  if (input.tags?.length) and.push({ tags: { hasEvery: input.tags } });
  if (input.parentId) and.push({ parentId: input.parentId });
  if (input.topLevel === true) and.push({ parentId: null });
  if (input.topLevel === false) and.push({ parentId: { not: null } });
  if (input.search) and.push({ title: { contains: input.search, mode: "insensitive" } });
  const overdue: Prisma.TaskWhereInput = { status: { in: [...OPEN_STATUSES] }, dueAt: { lt: today.start } };
  if (input.overdue === true) and.push(overdue);
  // (NOT alone would drop undated tasks: NOT (... AND NULL) is NULL in SQL.)
  if (input.overdue === false) and.push({ OR: [{ dueAt: null }, { NOT: overdue }] });

  const where: Prisma.TaskWhereInput = { AND: and };
  const [rows, total] = await Promise.all([
    db.task.findMany({
      where,
      select: listSelect,
      orderBy: taskOrder,
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
    db.task.count({ where }),
  ]);
  return {
    items: rows.map((row) => presentWithSubtasks(row, today)),
    total,
    page: input.page,
    pageSize: input.pageSize,
    timeZone,
  };
}

export type TaskListItem = Awaited<ReturnType<typeof listTasks>>["items"][number];

export async function getTask(deps: TaskDeps, userId: string, { id }: { id: string }) {
  const { db } = deps;
  const [timeZone, row] = await Promise.all([
    userTimeZone(db, userId),
    db.task.findFirst({ where: { id, userId }, select: detailSelect }),
  ]);
  if (!row) throw notFound("Task");
  return presentWithSubtasks(row, todayIn(timeZone, deps.now()));
}

async function assertOwnContact(tx: Tx, userId: string, contactId: string) {
  const found = await tx.contact.count({ where: { id: contactId, userId } });
  if (!found) throw fieldError("contactId", "That contact does not exist.");
}

/** The parent must be the user's, a top-level task (one level of subtasks) and not the task itself. */
async function assertValidParent(tx: Tx, userId: string, parentId: string, taskId?: string) {
  if (parentId === taskId) throw fieldError("parentId", "A task cannot be its own parent.");
  const parent = await tx.task.findFirst({ where: { id: parentId, userId }, select: { parentId: true } });
  if (!parent) throw fieldError("parentId", "That parent task does not exist.");
  if (parent.parentId) throw fieldError("parentId", "Subtasks cannot have subtasks of their own.");
}

export async function createTask(deps: TaskDeps, userId: string, input: z.output<typeof createTaskInput>) {
  const { db } = deps;
  const timeZone = await userTimeZone(db, userId);
  const now = deps.now();
  const id = await db.$transaction(async (tx) => {
    if (input.contactId) await assertOwnContact(tx, userId, input.contactId);
    if (input.parentId) await assertValidParent(tx, userId, input.parentId);
    const task = await tx.task.create({
      data: {
        userId,
        title: input.title,
        description: input.description ?? null,
        status: input.status,
        priority: input.priority,
        dueAt: input.dueAt == null ? null : parseTime(input.dueAt, timeZone),
        completedAt: input.status === "done" ? now : null,
        contactId: input.contactId ?? null,
        parentId: input.parentId ?? null,
        recurrence: input.recurrence,
        tags: input.tags,
      },
      select: { id: true },
    });
    return task.id;
  });
  return getTask(deps, userId, { id });
}

interface OccurrenceSource {
  id: string;
  userId: string;
  title: string;
  description: string | null;
  priority: Prisma.TaskCreateManyInput["priority"];
  dueAt: Date | null;
  contactId: string | null;
  parentId: string | null;
  recurrence: Recurrence;
  tags: string[];
}

/**
 * Creates the occurrence that follows `source` (a recurring task just completed). The unique
 * `recurrenceSourceId` makes this idempotent: a second call, concurrent or later, inserts
 * nothing (ON CONFLICT DO NOTHING, so the surrounding transaction is not aborted).
 * Returns true when this call created it.
 */
export async function createNextOccurrence(
  tx: Tx | Db,
  source: OccurrenceSource,
  timeZone: string,
  now: Date,
): Promise<boolean> {
  if (source.recurrence === "none") return false;
  const result = await tx.task.createMany({
    data: [
      {
        userId: source.userId,
        title: source.title,
        description: source.description,
        priority: source.priority,
        status: "todo",
        dueAt: nextDueAt(source.dueAt ?? now, source.recurrence, timeZone),
        contactId: source.contactId,
        parentId: source.parentId,
        recurrence: source.recurrence,
        tags: source.tags,
        recurrenceSourceId: source.id,
      },
    ],
    skipDuplicates: true,
  });
  return result.count === 1;
}

const occurrenceFields = {
  id: true,
  userId: true,
  title: true,
  description: true,
  priority: true,
  dueAt: true,
  contactId: true,
  parentId: true,
  recurrence: true,
  tags: true,
} as const satisfies Prisma.TaskSelect;

export async function updateTask(deps: TaskDeps, userId: string, input: z.output<typeof updateTaskInput>) {
  const { db } = deps;
  const timeZone = await userTimeZone(db, userId);
  const now = deps.now();
  await db.$transaction(async (tx) => {
    // Row lock: concurrent updates of one task (two completions) take turns, so only the
    // first sees the transition to done.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Task" WHERE "id" = ${input.id} AND "userId" = ${userId} FOR UPDATE`;
    if (locked.length === 0) throw notFound("Task");
    const existing = await tx.task.findUniqueOrThrow({
      where: { id: input.id },
      select: {
        status: true,
        parentId: true,
        subtasks: { select: { ...occurrenceFields, status: true } },
      },
    });

    if (input.contactId) await assertOwnContact(tx, userId, input.contactId);
    if (input.parentId) {
      await assertValidParent(tx, userId, input.parentId, input.id);
      if (existing.subtasks.length > 0) {
        throw fieldError("parentId", "A task with subtasks cannot become a subtask.");
      }
    }

    const becomesDone = input.status === "done" && existing.status !== "done";
    const reopens = input.status !== undefined && input.status !== "done";
    if (becomesDone) {
      const openChildren = existing.subtasks.filter((s) => isOpen(s.status));
      if (openChildren.length > 0) {
        if (!input.completeSubtasks) throw openSubtasksError(openChildren.length);
        await tx.task.updateMany({
          where: { id: { in: openChildren.map((c) => c.id) }, userId },
          data: { status: "done", completedAt: now },
        });
        // The parent is being completed: a recurring subtask's next occurrence stands on its own.
        for (const child of openChildren) {
          await createNextOccurrence(tx, { ...child, parentId: null }, timeZone, now);
        }
      }
    }

    const updated = await tx.task.update({
      where: { id: input.id },
      data: {
        title: input.title,
        description: input.description,
        status: input.status,
        priority: input.priority,
        dueAt: input.dueAt === undefined ? undefined : input.dueAt === null ? null : parseTime(input.dueAt, timeZone),
        contactId: input.contactId,
        parentId: input.parentId,
        recurrence: input.recurrence,
        tags: input.tags,
        completedAt: becomesDone ? now : reopens ? null : undefined,
      },
      select: occurrenceFields,
    });

    if (becomesDone && updated.recurrence !== "none") {
      // A recurring subtask keeps its parent while the parent is still open.
      let parentId = updated.parentId;
      if (parentId) {
        const parent = await tx.task.findUnique({ where: { id: parentId }, select: { status: true } });
        if (!parent || !isOpen(parent.status)) parentId = null;
      }
      await createNextOccurrence(tx, { ...updated, parentId }, timeZone, now);
    }
  });
  return getTask(deps, userId, { id: input.id });
}

export async function deleteTask({ db }: TaskDeps, userId: string, { id }: { id: string }) {
  // Subtasks go with their parent (ON DELETE CASCADE); a next occurrence loses its source link only.
  const subtasks = await db.task.count({ where: { parentId: id, userId } });
  const result = await db.task.deleteMany({ where: { id, userId } });
  if (result.count === 0) throw notFound("Task");
  return { id, deletedSubtasks: subtasks };
}

/** Every tag on the user's tasks with how many tasks carry it, most used first. */
export async function taskTags({ db }: TaskDeps, userId: string) {
  return db.$queryRaw<{ tag: string; count: number }[]>`
    SELECT t.tag, count(*)::int AS count
    FROM "Task", unnest("Task"."tags") AS t(tag)
    WHERE "Task"."userId" = ${userId}
    GROUP BY t.tag
    ORDER BY count DESC, t.tag ASC`;
}
