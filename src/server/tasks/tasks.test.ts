import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { createTestContact } from "~/test/contacts";
import { fieldErrorsOf, trpcErrorOf } from "~/test/errors";
import { listTasksInput, type ListTasksInput } from "./schemas";
import { createNextOccurrence, listTasks, OpenSubtasksError } from "./tasks";
import { nextDueAt } from "./recurrence";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

type User = Awaited<ReturnType<typeof createTestUser>>;

async function userIn(timezone = "UTC"): Promise<User> {
  const user = await createTestUser(t.db);
  return t.db.user.update({ where: { id: user.id }, data: { timezone } });
}

const iso = (s: string) => new Date(s);

describe("tasks.create / get", () => {
  it("creates a task with defaults and returns it with contact, parent and subtasks", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const ada = await createTestContact(t.db, user.id, "Ada");
    const task = await api.tasks.create({
      title: "  Send the proposal ",
      description: "",
      contactId: ada.id,
      tags: [" Work ", "work", "Q3  plan"],
      dueAt: iso("2030-01-02T10:00:00Z"),
    });
    expect(task).toMatchObject({
      title: "Send the proposal",
      description: null,
      status: "todo",
      priority: "medium",
      recurrence: "none",
      completedAt: null,
      parentId: null,
      parent: null,
      subtasks: [],
      openSubtaskCount: 0,
      tags: ["work", "q3 plan"],
      dueAt: iso("2030-01-02T10:00:00Z"),
      dueState: "upcoming",
      contact: { id: ada.id, firstName: "Ada" },
      nextOccurrence: null,
    });
    expect(await api.tasks.get({ id: task.id })).toEqual(task);
  });

  it("reads a due date as midnight of that day in the user's zone", async () => {
    const user = await userIn("America/Los_Angeles");
    const api = await callerFor(t.db, user);
    const task = await api.tasks.create({ title: "Dated", dueAt: "2030-06-15" });
    expect(task.dueAt).toEqual(iso("2030-06-15T07:00:00Z"));
  });

  it("sets completedAt when created done", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const task = await api.tasks.create({ title: "Already done", status: "done" });
    expect(task.completedAt).toBeInstanceOf(Date);
  });

  it("answers bad input with field errors and writes nothing", async () => {
    const user = await userIn();
    const other = await userIn();
    const api = await callerFor(t.db, user);
    const theirContact = await createTestContact(t.db, other.id, "Eve");
    const theirTask = await t.db.task.create({ data: { userId: other.id, title: "Theirs" } });
    const before = await t.db.task.count();
    const keys = async (p: Promise<unknown>) => Object.keys(await fieldErrorsOf(p)).sort();

    expect(await keys(api.tasks.create({ title: "   " }))).toEqual(["title"]);
    // @ts-expect-error invalid enum value on purpose
    expect(await keys(api.tasks.create({ title: "x", priority: "critical" }))).toEqual(["priority"]);
    // @ts-expect-error invalid enum value on purpose
    expect(await keys(api.tasks.create({ title: "x", status: "finished" }))).toEqual(["status"]);
    // @ts-expect-error invalid enum value on purpose
    expect(await keys(api.tasks.create({ title: "x", recurrence: "yearly" }))).toEqual(["recurrence"]);
    expect(await keys(api.tasks.create({ title: "x", dueAt: "next tuesday" }))).toEqual(["dueAt"]);
    expect(await keys(api.tasks.create({ title: "x", contactId: "missing" }))).toEqual(["contactId"]);
    expect(await keys(api.tasks.create({ title: "x", contactId: theirContact.id }))).toEqual(["contactId"]);
    expect(await keys(api.tasks.create({ title: "x", parentId: "missing" }))).toEqual(["parentId"]);
    expect(await keys(api.tasks.create({ title: "x", parentId: theirTask.id }))).toEqual(["parentId"]);
    expect(await keys(api.tasks.create({ title: "x", tags: ["ok", "  "] }))).toEqual(["tags"]);
    expect(await keys(api.tasks.create({ title: "x", tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }))).toEqual([
      "tags",
    ]);
    // @ts-expect-error invalid enum value on purpose
    expect(await keys(api.tasks.create({ title: "", priority: "p0", dueAt: "soon" }))).toEqual([
      "dueAt",
      "priority",
      "title",
    ]);
    expect(await t.db.task.count()).toBe(before);
  });

  it("requires a signed-in user", async () => {
    const api = await callerFor(t.db, null);
    expect((await trpcErrorOf(api.tasks.list({}))).code).toBe("UNAUTHORIZED");
    expect((await trpcErrorOf(api.tasks.create({ title: "x" }))).code).toBe("UNAUTHORIZED");
    expect((await trpcErrorOf(api.tasks.tags())).code).toBe("UNAUTHORIZED");
  });
});

describe("tasks.list", () => {
  it("sorts by priority (urgent first) then due date with undated last", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    await api.tasks.create({ title: "low", priority: "low", dueAt: iso("2030-01-01T00:00:00Z") });
    await api.tasks.create({ title: "medium undated", priority: "medium" });
    await api.tasks.create({ title: "medium late", priority: "medium", dueAt: iso("2030-02-01T00:00:00Z") });
    await api.tasks.create({ title: "medium early", priority: "medium", dueAt: iso("2030-01-05T00:00:00Z") });
    await api.tasks.create({ title: "urgent undated", priority: "urgent" });
    await api.tasks.create({ title: "high", priority: "high", dueAt: iso("2031-01-01T00:00:00Z") });
    const { items, total, page, pageSize } = await api.tasks.list({});
    expect(items.map((i) => i.title)).toEqual([
      "urgent undated",
      "high",
      "medium early",
      "medium late",
      "medium undated",
      "low",
    ]);
    expect({ total, page, pageSize }).toEqual({ total: 6, page: 1, pageSize: 50 });
  });

  it("pages with a total and rejects a page size over 100", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    for (let i = 0; i < 5; i++) await api.tasks.create({ title: `task ${i}`, dueAt: iso(`2030-01-0${i + 1}T00:00:00Z`) });
    const second = await api.tasks.list({ page: 2, pageSize: 2 });
    expect(second.total).toBe(5);
    expect(second.items.map((i) => i.title)).toEqual(["task 2", "task 3"]);
    expect((await api.tasks.list({ page: 3, pageSize: 2 })).items.map((i) => i.title)).toEqual(["task 4"]);
    expect((await api.tasks.list({ page: 9, pageSize: 2 })).items).toEqual([]);
    expect((await fieldErrorsOf(api.tasks.list({ pageSize: 101 }))).pageSize?.[0]).toMatch(/at most 100/);
    expect(Object.keys(await fieldErrorsOf(api.tasks.list({ page: 0 })))).toEqual(["page"]);
    // @ts-expect-error invalid enum value on purpose
    expect(Object.keys(await fieldErrorsOf(api.tasks.list({ status: ["open"] })))).toEqual(["status"]);
    // @ts-expect-error invalid enum value on purpose
    expect(Object.keys(await fieldErrorsOf(api.tasks.list({ priority: ["p1"] })))).toEqual(["priority"]);
  });

  it("filters by status, priority, contact, due range, tags, parent and search", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const ada = await createTestContact(t.db, user.id, "Ada");
    const a = await api.tasks.create({ title: "Call Ada", contactId: ada.id, priority: "high", tags: ["calls", "ada"], dueAt: iso("2030-03-01T00:00:00Z") });
    const b = await api.tasks.create({ title: "Email Bob", status: "in_progress", tags: ["email"], dueAt: iso("2030-03-10T00:00:00Z") });
    const c = await api.tasks.create({ title: "Old thing", status: "done", priority: "low", tags: ["calls"] });
    const sub = await api.tasks.create({ title: "Prepare notes", parentId: a.id, tags: ["calls"] });
    const titles = async (input: ListTasksInput) => (await api.tasks.list(input)).items.map((i) => i.title).sort();

    expect(await titles({ status: ["todo"] })).toEqual(["Call Ada", "Prepare notes"]);
    expect(await titles({ status: ["in_progress", "done"] })).toEqual(["Email Bob", "Old thing"]);
    expect(await titles({ priority: ["high", "low"] })).toEqual(["Call Ada", "Old thing"]);
    expect(await titles({ contactId: ada.id })).toEqual(["Call Ada"]);
    expect(await titles({ dueAfter: "2030-03-01", dueBefore: "2030-03-10" })).toEqual(["Call Ada"]);
    expect(await titles({ dueAfter: iso("2030-03-02T00:00:00Z") })).toEqual(["Email Bob"]);
    expect(await titles({ tags: ["CALLS"] })).toEqual(["Call Ada", "Old thing", "Prepare notes"]);
    expect(await titles({ tags: ["calls", "ada"] })).toEqual(["Call Ada"]);
    expect(await titles({ topLevel: true })).toEqual(["Call Ada", "Email Bob", "Old thing"]);
    expect(await titles({ topLevel: false })).toEqual(["Prepare notes"]);
    expect(await titles({ parentId: a.id })).toEqual(["Prepare notes"]);
    expect(await titles({ search: "ADA" })).toEqual(["Call Ada"]);

    const top = await api.tasks.list({ topLevel: true });
    const parent = top.items.find((i) => i.id === a.id)!;
    expect(parent.subtasks.map((s) => s.id)).toEqual([sub.id]);
    expect(parent.openSubtaskCount).toBe(1);
    const child = (await api.tasks.list({ topLevel: false })).items[0]!;
    expect(child.parent).toEqual({ id: a.id, title: "Call Ada", status: "todo" });
    expect([b.id, c.id]).not.toContain(child.id);
  });

  it("computes overdue and due today in the user's zone", async () => {
    const user = await userIn("America/New_York");
    const api = await callerFor(t.db, user);
    // 2030-05-10 14:00 in New York.
    const now = iso("2030-05-10T18:00:00Z");
    await api.tasks.create({ title: "yesterday", dueAt: "2030-05-09" });
    await api.tasks.create({ title: "yesterday late", dueAt: "2030-05-09T23:30" });
    await api.tasks.create({ title: "this morning", dueAt: "2030-05-10T08:00" });
    await api.tasks.create({ title: "today", dueAt: "2030-05-10" });
    await api.tasks.create({ title: "tomorrow", dueAt: "2030-05-11" });
    await api.tasks.create({ title: "done yesterday", dueAt: "2030-05-09", status: "done" });
    await api.tasks.create({ title: "canceled yesterday", dueAt: "2030-05-09", status: "canceled" });
    await api.tasks.create({ title: "undated" });
    const list = (input: ListTasksInput) => listTasks({ db: t.db, now: () => now }, user.id, listTasksInput.parse(input));

    expect((await list({ overdue: true })).items.map((i) => i.title).sort()).toEqual(["yesterday", "yesterday late"]);
    expect((await list({ overdue: false })).items.map((i) => i.title).sort()).toEqual([
      "canceled yesterday",
      "done yesterday",
      "this morning",
      "today",
      "tomorrow",
      "undated",
    ]);
    const states = Object.fromEntries((await list({})).items.map((i) => [i.title, i.dueState]));
    expect(states).toEqual({
      yesterday: "overdue",
      "yesterday late": "overdue",
      "this morning": "today",
      today: "today",
      tomorrow: "upcoming",
      "done yesterday": "closed",
      "canceled yesterday": "closed",
      undated: null,
    });
  });
});

describe("tasks.update", () => {
  it("updates only what is given and clears nullable fields with null", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const ada = await createTestContact(t.db, user.id, "Ada");
    const task = await api.tasks.create({
      title: "Draft",
      description: "Notes",
      contactId: ada.id,
      dueAt: iso("2030-01-01T00:00:00Z"),
      tags: ["x"],
    });
    const renamed = await api.tasks.update({ id: task.id, title: "Final", priority: "urgent" });
    expect(renamed).toMatchObject({
      title: "Final",
      priority: "urgent",
      description: "Notes",
      contactId: ada.id,
      dueAt: task.dueAt,
      tags: ["x"],
    });
    const cleared = await api.tasks.update({ id: task.id, description: null, contactId: null, dueAt: null, tags: [] });
    expect(cleared).toMatchObject({ description: null, contactId: null, contact: null, dueAt: null, tags: [] });
  });

  it("maintains completedAt: set when done, kept on other edits, cleared when reopened or canceled", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const task = await api.tasks.create({ title: "Cycle" });
    const started = await api.tasks.update({ id: task.id, status: "in_progress" });
    expect(started.completedAt).toBeNull();
    const done = await api.tasks.update({ id: task.id, status: "done" });
    expect(done.completedAt).toBeInstanceOf(Date);
    const edited = await api.tasks.update({ id: task.id, title: "Cycle (renamed)" });
    expect(edited.completedAt).toEqual(done.completedAt);
    const again = await api.tasks.update({ id: task.id, status: "done" });
    expect(again.completedAt).toEqual(done.completedAt);
    const reopened = await api.tasks.update({ id: task.id, status: "todo" });
    expect(reopened.completedAt).toBeNull();
    await api.tasks.update({ id: task.id, status: "done" });
    const canceled = await api.tasks.update({ id: task.id, status: "canceled" });
    expect(canceled.completedAt).toBeNull();
  });

  it("answers bad input with field errors and changes nothing", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const task = await api.tasks.create({ title: "Stable", priority: "high" });
    const keys = async (p: Promise<unknown>) => Object.keys(await fieldErrorsOf(p));
    expect(await keys(api.tasks.update({ id: task.id, title: "" }))).toEqual(["title"]);
    // @ts-expect-error invalid enum value on purpose
    expect(await keys(api.tasks.update({ id: task.id, status: "closed" }))).toEqual(["status"]);
    expect(await keys(api.tasks.update({ id: task.id, priority: "low", contactId: "missing" }))).toEqual(["contactId"]);
    expect(await keys(api.tasks.update({ id: task.id, parentId: task.id }))).toEqual(["parentId"]);
    expect(await api.tasks.get({ id: task.id })).toEqual(task);
  });
});

describe("subtasks", () => {
  it("keeps subtasks one level deep", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const parent = await api.tasks.create({ title: "Parent" });
    const child = await api.tasks.create({ title: "Child", parentId: parent.id });
    const loner = await api.tasks.create({ title: "Loner" });

    expect((await fieldErrorsOf(api.tasks.create({ title: "Grandchild", parentId: child.id }))).parentId?.[0]).toMatch(
      /cannot have subtasks/,
    );
    expect((await fieldErrorsOf(api.tasks.update({ id: loner.id, parentId: child.id }))).parentId?.[0]).toMatch(
      /cannot have subtasks/,
    );
    expect((await fieldErrorsOf(api.tasks.update({ id: parent.id, parentId: loner.id }))).parentId?.[0]).toMatch(
      /with subtasks cannot become/,
    );
    const moved = await api.tasks.update({ id: loner.id, parentId: parent.id });
    expect(moved.parent).toMatchObject({ id: parent.id });
    const detached = await api.tasks.update({ id: loner.id, parentId: null });
    expect(detached.parentId).toBeNull();

    const got = await api.tasks.get({ id: parent.id });
    expect(got.subtasks.map((s) => s.title)).toEqual(["Child"]);
  });

  it("refuses to complete a parent with open subtasks unless asked to complete them too", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const parent = await api.tasks.create({ title: "Launch" });
    const a = await api.tasks.create({ title: "Write", parentId: parent.id });
    const b = await api.tasks.create({ title: "Test", parentId: parent.id, status: "in_progress" });
    const c = await api.tasks.create({ title: "Dropped", parentId: parent.id, status: "canceled" });
    const d = await api.tasks.create({ title: "Shipped", parentId: parent.id, status: "done" });

    const error = await trpcErrorOf(api.tasks.update({ id: parent.id, status: "done" }));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toMatch(/2 open subtasks/);
    expect(error.cause).toBeInstanceOf(OpenSubtasksError);
    expect((error.cause as OpenSubtasksError).openSubtasks).toBe(2);
    expect((await api.tasks.get({ id: parent.id })).status).toBe("todo");
    expect((await api.tasks.get({ id: a.id })).status).toBe("todo");

    const done = await api.tasks.update({ id: parent.id, status: "done", completeSubtasks: true });
    expect(done.status).toBe("done");
    expect(done.completedAt).toBeInstanceOf(Date);
    expect(done.openSubtaskCount).toBe(0);
    const byId = Object.fromEntries(done.subtasks.map((s) => [s.id, s]));
    expect(byId[a.id]).toMatchObject({ status: "done", completedAt: done.completedAt });
    expect(byId[b.id]).toMatchObject({ status: "done", completedAt: done.completedAt });
    expect(byId[c.id]).toMatchObject({ status: "canceled", completedAt: null });
    expect(byId[d.id]!.status).toBe("done");
  });

  it("completes a parent whose subtasks are all closed without asking", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const parent = await api.tasks.create({ title: "Wrapped up" });
    await api.tasks.create({ title: "Done child", parentId: parent.id, status: "done" });
    await api.tasks.create({ title: "Canceled child", parentId: parent.id, status: "canceled" });
    expect((await api.tasks.update({ id: parent.id, status: "done" })).status).toBe("done");
  });

  it("deletes subtasks with their parent", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const parent = await api.tasks.create({ title: "Parent" });
    const child = await api.tasks.create({ title: "Child", parentId: parent.id });
    expect(await api.tasks.delete({ id: parent.id })).toEqual({ id: parent.id, deletedSubtasks: 1 });
    expect((await trpcErrorOf(api.tasks.get({ id: child.id }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(api.tasks.delete({ id: parent.id }))).code).toBe("NOT_FOUND");
  });
});

describe("recurrence", () => {
  it("advances due dates by a day, a week or a calendar month, keeping wall-clock time", () => {
    const tz = "America/New_York";
    // 09:00 EST on Mar 8 -> 09:00 EDT on Mar 9.
    expect(nextDueAt(iso("2025-03-08T14:00:00Z"), "daily", tz)).toEqual(iso("2025-03-09T13:00:00Z"));
    expect(nextDueAt(iso("2025-03-03T14:00:00Z"), "weekly", tz)).toEqual(iso("2025-03-10T13:00:00Z"));
    expect(nextDueAt(iso("2025-01-31T05:00:00Z"), "monthly", tz)).toEqual(iso("2025-02-28T05:00:00Z"));
  });

  it("creates the next occurrence on completion, copying the task", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const ada = await createTestContact(t.db, user.id, "Ada");
    const cases = [
      ["daily", "2030-01-02T09:00:00Z"],
      ["weekly", "2030-01-08T09:00:00Z"],
      ["monthly", "2030-02-01T09:00:00Z"],
    ] as const;
    for (const [recurrence, expectedDue] of cases) {
      const task = await api.tasks.create({
        title: `Water plants (${recurrence})`,
        description: "All of them",
        priority: "high",
        contactId: ada.id,
        tags: ["home"],
        recurrence,
        dueAt: iso("2030-01-01T09:00:00Z"),
      });
      const done = await api.tasks.update({ id: task.id, status: "done" });
      expect(done.nextOccurrence).toMatchObject({ dueAt: iso(expectedDue), status: "todo" });
      const next = await api.tasks.get({ id: done.nextOccurrence!.id });
      expect(next).toMatchObject({
        title: `Water plants (${recurrence})`,
        description: "All of them",
        priority: "high",
        contactId: ada.id,
        tags: ["home"],
        recurrence,
        status: "todo",
        completedAt: null,
        recurrenceSourceId: task.id,
        dueAt: iso(expectedDue),
      });
    }
  });

  it("does nothing for non-recurring tasks", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const task = await api.tasks.create({ title: "Once" });
    const done = await api.tasks.update({ id: task.id, status: "done" });
    expect(done.nextOccurrence).toBeNull();
    expect(await t.db.task.count({ where: { userId: user.id } })).toBe(1);
  });

  it("creates exactly one next task when completion is submitted twice in sequence (and after reopening)", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const task = await api.tasks.create({ title: "Standup", recurrence: "daily", dueAt: iso("2030-01-01T09:00:00Z") });
    await api.tasks.update({ id: task.id, status: "done" });
    await api.tasks.update({ id: task.id, status: "done" });
    await api.tasks.update({ id: task.id, status: "todo" });
    await api.tasks.update({ id: task.id, status: "done" });
    expect(await t.db.task.count({ where: { recurrenceSourceId: task.id } })).toBe(1);
    expect(await t.db.task.count({ where: { userId: user.id } })).toBe(2);
  });

  it("creates exactly one next task when two completions run in parallel", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const apiAgain = await callerFor(t.db, user);
    const task = await api.tasks.create({ title: "Review", recurrence: "weekly", dueAt: iso("2030-01-01T09:00:00Z") });
    const results = await Promise.all([
      api.tasks.update({ id: task.id, status: "done" }),
      apiAgain.tasks.update({ id: task.id, status: "done" }),
      api.tasks.update({ id: task.id, status: "done" }),
    ]);
    for (const r of results) expect(r.status).toBe("done");
    const next = await t.db.task.findMany({ where: { recurrenceSourceId: task.id } });
    expect(next).toHaveLength(1);
    expect(next[0]!.dueAt).toEqual(iso("2030-01-08T09:00:00Z"));
    expect(await t.db.task.count({ where: { userId: user.id } })).toBe(2);
  });

  it("relies on the unique recurrenceSourceId: concurrent direct inserts create one row", async () => {
    const user = await userIn();
    const task = await t.db.task.create({
      data: { userId: user.id, title: "Direct", recurrence: "monthly", dueAt: iso("2030-01-15T00:00:00Z"), status: "done" },
    });
    const now = new Date();
    const created = await Promise.all([
      createNextOccurrence(t.db, task, "UTC", now),
      createNextOccurrence(t.db, task, "UTC", now),
      t.db.$transaction((tx) => createNextOccurrence(tx, task, "UTC", now)),
    ]);
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await createNextOccurrence(t.db, task, "UTC", now)).toBe(false);
    expect(await t.db.task.count({ where: { recurrenceSourceId: task.id } })).toBe(1);
  });

  it("dates an undated recurring task's next occurrence from the completion time", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const task = await api.tasks.create({ title: "Undated", recurrence: "daily" });
    const before = Date.now();
    const done = await api.tasks.update({ id: task.id, status: "done" });
    const due = done.nextOccurrence!.dueAt!.getTime();
    expect(due).toBeGreaterThanOrEqual(before + 86_400_000 - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 86_400_000 + 1000);
  });

  it("completing a parent with completeSubtasks also rolls its recurring subtasks forward, once", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const parent = await api.tasks.create({ title: "Week" });
    const child = await api.tasks.create({
      title: "Weekly report",
      parentId: parent.id,
      recurrence: "weekly",
      dueAt: iso("2030-01-01T09:00:00Z"),
    });
    await api.tasks.update({ id: parent.id, status: "done", completeSubtasks: true });
    await api.tasks.update({ id: child.id, status: "done" });
    const next = await t.db.task.findMany({ where: { recurrenceSourceId: child.id } });
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ parentId: null, status: "todo", dueAt: iso("2030-01-08T09:00:00Z") });
  });

  it("keeps a recurring subtask's next occurrence under its open parent", async () => {
    const user = await userIn();
    const api = await callerFor(t.db, user);
    const parent = await api.tasks.create({ title: "Project" });
    const child = await api.tasks.create({ title: "Daily check", parentId: parent.id, recurrence: "daily", dueAt: "2030-01-01" });
    const done = await api.tasks.update({ id: child.id, status: "done" });
    const next = await api.tasks.get({ id: done.nextOccurrence!.id });
    expect(next.parentId).toBe(parent.id);
  });
});

describe("tasks.tags", () => {
  it("counts the user's tags, most used first", async () => {
    const user = await userIn();
    const other = await userIn();
    const api = await callerFor(t.db, user);
    await api.tasks.create({ title: "a", tags: ["home", "errand"] });
    await api.tasks.create({ title: "b", tags: ["home"] });
    await (await callerFor(t.db, other)).tasks.create({ title: "c", tags: ["secret", "home"] });
    expect(await api.tasks.tags()).toEqual([
      { tag: "home", count: 2 },
      { tag: "errand", count: 1 },
    ]);
  });
});

describe("tasks authorization", () => {
  it("hides another user's tasks: NOT_FOUND for get, update, delete; never listed", async () => {
    const owner = await userIn();
    const intruder = await userIn();
    const ownerApi = await callerFor(t.db, owner);
    const intruderApi = await callerFor(t.db, intruder);
    const ada = await createTestContact(t.db, owner.id, "Ada");
    const task = await ownerApi.tasks.create({ title: "Private", contactId: ada.id, tags: ["private"] });

    expect((await trpcErrorOf(intruderApi.tasks.get({ id: task.id }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(intruderApi.tasks.update({ id: task.id, status: "done" }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(intruderApi.tasks.delete({ id: task.id }))).code).toBe("NOT_FOUND");
    expect((await intruderApi.tasks.list({})).total).toBe(0);
    expect((await intruderApi.tasks.list({ contactId: ada.id })).items).toEqual([]);
    expect((await intruderApi.tasks.list({ parentId: task.id })).items).toEqual([]);
    expect(await intruderApi.tasks.tags()).toEqual([]);
    expect(Object.keys(await fieldErrorsOf(intruderApi.tasks.create({ title: "x", parentId: task.id })))).toEqual([
      "parentId",
    ]);
    expect(Object.keys(await fieldErrorsOf(intruderApi.tasks.create({ title: "x", contactId: ada.id })))).toEqual([
      "contactId",
    ]);

    expect(await ownerApi.tasks.get({ id: task.id })).toEqual(task);
  });
});
