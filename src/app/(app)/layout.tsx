import { redirect } from "next/navigation";

import { getServerAuthSession } from "~/server/auth";
import { api } from "~/trpc/server";
import { AppHeader } from "~/components/app-shell/app-header";
import { AppSidebar } from "~/components/app-shell/app-sidebar";
import { SkipLink } from "~/components/app-shell/skip-link";
import { CommandPaletteProvider } from "~/components/search/command-palette";
import { PhoneRegionProvider } from "~/hooks/use-phone-format";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await getServerAuthSession();
  if (!session) redirect("/sign-in");

  // From the database, not the session token: a renamed user sees the new name at once.
  const { profile } = await api.settings.get();
  const user = { name: profile.name, email: profile.email };
  // The role from the account row (getServerAuthSession checked it), not from the token.
  const isOwner = session.user.role === "owner";

  return (
    <PhoneRegionProvider region={profile.defaultRegion}>
      {/* ⌘K, Ctrl+K or / anywhere in the app; the header's search button opens it too. */}
      <CommandPaletteProvider userKey={session.user.id} showAdmin={isOwner}>
        <div className="min-h-dvh">
          <SkipLink />
          <AppSidebar showAdmin={isOwner} />
          <div className="flex min-h-dvh flex-col md:pl-60">
            <AppHeader user={user} showAdmin={isOwner} />
            <main id="main-content" tabIndex={-1} className="flex-1 outline-none">
              <div className="mx-auto w-full max-w-6xl p-4 md:p-6 lg:p-8">{children}</div>
            </main>
          </div>
        </div>
      </CommandPaletteProvider>
    </PhoneRegionProvider>
  );
}
