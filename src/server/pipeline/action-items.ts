import type { TaskPriority } from "~/generated/prisma/enums";
import type { ActionItem } from "~/server/providers/types";
import type { Tx } from "~/server/db";
import { truncate } from "~/lib/format";

const MAX_TITLE = 200;

function title(item: ActionItem): string {
  const text = item.text.trim().replace(/\s+/g, " ");
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return truncate(capitalised, MAX_TITLE);
}

function dueDate(item: ActionItem): Date | null {
  if (!item.dueAt) return null;
  const date = new Date(item.dueAt);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Makes the call's tasks match its action items: item i is the task (callId, actionItemIndex i),
 * created or updated in place, so re-running the analysis never duplicates a task. A task the
 * user already finished or changed the status of is left as they left it; an open task whose
 * item disappeared from the new analysis is removed, a worked-on one is kept but unlinked.
 */
export async function syncActionItemTasks(
  tx: Tx,
  call: { id: string; userId: string; contactId: string | null; description: string },
  items: ActionItem[],
): Promise<void> {
  const existing = await tx.task.findMany({
    where: { userId: call.userId, callId: call.id, actionItemIndex: { not: null } },
    select: { id: true, actionItemIndex: true, status: true },
  });
  const byIndex = new Map(existing.map((task) => [task.actionItemIndex!, task]));
  for (const [index, item] of items.entries()) {
    const fields = { title: title(item), dueAt: dueDate(item), priority: item.priority satisfies TaskPriority };
    const task = byIndex.get(index);
    if (!task) {
      await tx.task.create({
        data: { ...fields, userId: call.userId, contactId: call.contactId, callId: call.id, actionItemIndex: index, description: call.description },
      });
    } else if (task.status === "todo") {
      await tx.task.update({ where: { id: task.id }, data: { ...fields, contactId: call.contactId } });
    }
  }
  const stale = existing.filter((task) => task.actionItemIndex! >= items.length);
  const open = stale.filter((task) => task.status === "todo").map((task) => task.id);
  const kept = stale.filter((task) => task.status !== "todo").map((task) => task.id);
  if (open.length) await tx.task.deleteMany({ where: { id: { in: open }, userId: call.userId } });
  if (kept.length) await tx.task.updateMany({ where: { id: { in: kept }, userId: call.userId }, data: { actionItemIndex: null } });
}
