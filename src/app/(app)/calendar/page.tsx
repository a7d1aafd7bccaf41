import type { Metadata } from "next";

import { api } from "~/trpc/server";
import { CalendarView } from "~/components/calendar/calendar-view";
import { contactPrefill } from "~/components/shared/contact-prefill";

export const metadata: Metadata = { title: "Calendar" };

export default async function CalendarPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const [settings, initialContact] = await Promise.all([api.settings.get(), contactPrefill(params.contactId)]);
  return (
    <CalendarView
      timeZone={settings.profile.timezone}
      initialContact={initialContact}
      openNew={params.new === "1" || params.new === "true"}
    />
  );
}
