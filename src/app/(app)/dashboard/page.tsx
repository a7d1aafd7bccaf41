import type { Metadata } from "next";
import { BellIcon, CalendarDaysIcon, ListTodoIcon, PhoneIcon, UsersIcon } from "lucide-react";

import { api } from "~/trpc/server";
import { getServerAuthSession } from "~/server/auth";
import { formatCount } from "~/lib/format";
import { RecentCallsCard } from "~/components/dashboard/recent-calls-card";
import { StatCard } from "~/components/dashboard/stat-card";
import { UpcomingTasksCard } from "~/components/dashboard/upcoming-tasks-card";

export const metadata: Metadata = { title: "Dashboard" };

function firstName(name: string | null | undefined, email: string | null | undefined) {
  const fromName = name?.trim().split(/\s+/)[0];
  if (fromName) return fromName;
  return email?.split("@")[0] ?? null;
}

export default async function DashboardPage() {
  const [session, summary] = await Promise.all([getServerAuthSession(), api.dashboard.summary()]);
  const renderedAt = new Date();
  const who = firstName(session?.user.name, session?.user.email);
  const { counts } = summary;

  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">
            {who ? `Welcome back, ${who}` : "Welcome back"}
          </h1>
          <p className="text-muted-foreground text-sm">
            Here is what is happening with your calls, contacts and tasks.
          </p>
        </div>
        {counts.unreadNotifications > 0 ? (
          <p className="text-muted-foreground flex items-center gap-1.5 text-sm">
            <BellIcon className="size-4" aria-hidden="true" />
            {formatCount(counts.unreadNotifications)} unread notification
            {counts.unreadNotifications === 1 ? "" : "s"}
          </p>
        ) : null}
      </div>

      <section aria-label="Overview" className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <StatCard label="Contacts" value={counts.contacts} icon={UsersIcon} />
        <StatCard label="Calls this week" value={counts.callsThisWeek} icon={PhoneIcon} />
        <StatCard label="Open tasks" value={counts.openTasks} icon={ListTodoIcon} />
        <StatCard label="Upcoming events" value={counts.upcomingEvents} icon={CalendarDaysIcon} />
      </section>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-5">
        <RecentCallsCard calls={summary.recentCalls} className="min-w-0 lg:col-span-3" />
        <UpcomingTasksCard tasks={summary.upcomingTasks} now={renderedAt} className="min-w-0 lg:col-span-2" />
      </div>
    </div>
  );
}
