import type { Metadata } from "next";

import { api } from "~/trpc/server";
import { contactPrefill } from "~/components/shared/contact-prefill";
import { RemindersView } from "~/components/reminders/reminders-view";

export const metadata: Metadata = { title: "Reminders" };

export default async function RemindersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const [settings, initialContact] = await Promise.all([api.settings.get(), contactPrefill(params.contactId)]);
  return (
    <RemindersView
      timeZone={settings.profile.timezone}
      initialContact={initialContact}
      openNew={params.new === "1" || params.new === "true"}
    />
  );
}
