import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { env } from "~/env";
import { getServerAuthSession } from "~/server/auth";
import { api } from "~/trpc/server";
import { InvitesSection } from "~/components/admin/invites-section";
import { NumbersSection } from "~/components/admin/numbers-section";
import { UsersSection } from "~/components/admin/users-section";
import { SettingsCard } from "~/components/settings/settings-card";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  // Members get the same 404 as any page that does not exist: the page's existence is no
  // business of theirs, and every admin procedure refuses them anyway.
  const session = await getServerAuthSession();
  if (!session || session.user.role !== "owner") notFound();

  const [users, invites] = await Promise.all([api.admin.users(), api.admin.invites()]);
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Admin</h1>
        <p className="text-muted-foreground text-sm">The accounts, invites and phone numbers of this Switchboard.</p>
      </div>
      <nav aria-label="Admin sections" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {[
          ["#users", "Users"],
          ["#invites", "Invites"],
          ["#numbers", "Phone numbers"],
        ].map(([href, label]) => (
          <a key={href} href={href} className="text-muted-foreground hover:text-foreground underline-offset-4 hover:underline">
            {label}
          </a>
        ))}
      </nav>
      <UsersSection initial={users} currentUserId={session.user.id} />
      <InvitesSection initial={invites} origin={env.NEXTAUTH_URL ? new URL(env.NEXTAUTH_URL).origin : null} />
      <SettingsCard id="numbers" title="Phone numbers">
        <NumbersSection />
      </SettingsCard>
    </div>
  );
}
