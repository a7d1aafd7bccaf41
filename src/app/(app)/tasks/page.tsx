import type { Metadata } from "next";

import { api } from "~/trpc/server";
import { contactPrefill } from "~/components/shared/contact-prefill";
import { TasksView } from "~/components/tasks/tasks-view";

export const metadata: Metadata = { title: "Tasks" };

export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const taskId = typeof params.task === "string" && params.task.length <= 64 ? params.task : null;
  const [settings, initialContact, initialTask] = await Promise.all([
    api.settings.get(),
    contactPrefill(params.contactId),
    // A link to one task (from a call's action items) opens it; a stale link just shows the list.
    taskId ? api.tasks.get({ id: taskId }).catch(() => null) : null,
  ]);
  return (
    <TasksView
      timeZone={settings.profile.timezone}
      initialContact={initialContact}
      initialTask={initialTask}
      openNew={params.new === "1" || params.new === "true"}
    />
  );
}
