import type { Metadata } from "next";

import { api } from "~/trpc/server";
import { contactPrefill } from "~/components/calendar/contact-prefill";
import { TasksView } from "~/components/tasks/tasks-view";

export const metadata: Metadata = { title: "Tasks" };

export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const [settings, initialContact] = await Promise.all([api.settings.get(), contactPrefill(params.contactId)]);
  return (
    <TasksView
      timeZone={settings.profile.timezone}
      initialContact={initialContact}
      openNew={params.new === "1" || params.new === "true"}
    />
  );
}
