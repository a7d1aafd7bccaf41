import type { Metadata } from "next";
import { BellIcon, CalendarDaysIcon, ListTodoIcon, PhoneIcon, UsersIcon } from "lucide-react";

import { api } from "~/trpc/server";
import { countText } from "~/lib/format";
import { HEATMAP_DAYS, VOLUME_DAYS } from "~/server/dashboard/activity";
import { DRIFTING_AFTER_DAYS } from "~/server/dashboard/relationships";
import { CallHeatmapCard } from "~/components/dashboard/call-heatmap-card";
import { CallVolumeCard } from "~/components/dashboard/call-volume-card";
import { ReconnectCard } from "~/components/dashboard/reconnect-card";
import { RecentCallsCard } from "~/components/dashboard/recent-calls-card";
import { SentimentCard } from "~/components/dashboard/sentiment-card";
import { StatCard } from "~/components/dashboard/stat-card";
import { TopContactsCard } from "~/components/dashboard/top-contacts-card";
import { UpcomingTasksCard } from "~/components/dashboard/upcoming-tasks-card";
import { TodayRemindersCard } from "~/components/reminders/today-reminders-card";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const summary = await api.dashboard.summary();
  const renderedAt = new Date();
  const { counts } = summary;

  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">
            {/* The account's current name: the session keeps the one signed in with, stale after a rename. */}
            {summary.greeting}
          </h1>
          <p className="text-muted-foreground text-sm">
            Here is what is happening with your calls, contacts and tasks.
          </p>
        </div>
        {counts.unreadNotifications > 0 ? (
          <p className="text-muted-foreground flex items-center gap-1.5 text-sm">
            <BellIcon className="size-4" aria-hidden="true" />
            {countText(counts.unreadNotifications, "unread notification")}
          </p>
        ) : null}
      </div>

      <section aria-label="Overview" className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <StatCard label="Contacts" value={counts.contacts} icon={UsersIcon} />
        <StatCard label="Calls this week" value={counts.callsThisWeek} icon={PhoneIcon} />
        <StatCard label="Open tasks" value={counts.openTasks} icon={ListTodoIcon} />
        <StatCard label="Upcoming events" value={counts.upcomingEvents} icon={CalendarDaysIcon} />
      </section>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <TopContactsCard contacts={summary.topContacts} className="min-w-0" />
        <ReconnectCard
          contacts={summary.reconnect}
          keepInTouch={summary.keepInTouch}
          importantDates={summary.importantDates}
          driftingAfterDays={DRIFTING_AFTER_DAYS}
          className="min-w-0"
        />
      </div>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-5">
        <RecentCallsCard calls={summary.recentCalls} className="min-w-0 lg:col-span-3" />
        <UpcomingTasksCard tasks={summary.upcomingTasks} now={renderedAt} timeZone={summary.user.timeZone} className="min-w-0 lg:col-span-2" />
      </div>

      <TodayRemindersCard timeZone={summary.user.timeZone} className="min-w-0" />

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-5">
        <CallVolumeCard days={summary.callVolume} className="min-w-0 lg:col-span-3" />
        <SentimentCard sentiment={summary.sentiment} days={VOLUME_DAYS} className="min-w-0 lg:col-span-2" />
      </div>

      <CallHeatmapCard heatmap={summary.heatmap} days={HEATMAP_DAYS} className="min-w-0" />
    </div>
  );
}
