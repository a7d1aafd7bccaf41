import { AccountMenu, type AccountMenuUser } from "~/components/app-shell/account-menu";
import { HeaderTitle } from "~/components/app-shell/header-title";
import { MobileNav } from "~/components/app-shell/mobile-nav";
import { ThemeToggle } from "~/components/app-shell/theme-toggle";
import { NotificationBell } from "~/components/notifications/notification-bell";
import { SearchButton } from "~/components/search/search-button";

export function AppHeader({ user, showAdmin = false }: { user: AccountMenuUser; showAdmin?: boolean }) {
  return (
    <header className="bg-background/80 supports-[backdrop-filter]:bg-background/60 sticky top-0 z-20 flex h-14 items-center gap-2 border-b px-4 backdrop-blur md:px-6">
      <MobileNav showAdmin={showAdmin} />
      <div className="flex min-w-0 flex-1 items-center">
        <HeaderTitle />
      </div>
      <div className="flex items-center gap-1">
        <SearchButton />
        <NotificationBell />
        <ThemeToggle />
        <AccountMenu user={user} />
      </div>
    </header>
  );
}
