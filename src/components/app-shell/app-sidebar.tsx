import Link from "next/link";

import { cn } from "~/lib/utils";
import { Logo } from "~/components/app-shell/logo";
import { SidebarNav } from "~/components/app-shell/sidebar-nav";

/** The fixed left column on md+ screens. */
export function AppSidebar({ className, showAdmin = false }: { className?: string; showAdmin?: boolean }) {
  return (
    <aside
      className={cn(
        "bg-sidebar text-sidebar-foreground border-sidebar-border fixed inset-y-0 left-0 z-30 hidden w-60 flex-col border-r md:flex",
        className,
      )}
    >
      <div className="flex h-14 items-center px-4">
        <Link
          href="/dashboard"
          className="focus-visible:ring-sidebar-ring/50 rounded-md outline-none focus-visible:ring-[3px]"
        >
          <Logo />
        </Link>
      </div>
      <div className="flex-1 overflow-y-auto px-3 py-2">
        <SidebarNav showAdmin={showAdmin} />
      </div>
    </aside>
  );
}
