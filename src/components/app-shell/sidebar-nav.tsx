"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "~/lib/utils";
import { isNavItemActive, navItemsFor } from "~/components/app-shell/nav-items";

export function SidebarNav({
  className,
  onNavigate,
  showAdmin = false,
}: {
  className?: string;
  /** The owner also sees Admin. */
  showAdmin?: boolean;
  /** Called after a link is followed (the mobile sheet closes itself with it). */
  onNavigate?: () => void;
}) {
  const pathname = usePathname();

  return (
    <nav aria-label="Main" className={cn("flex flex-col gap-1", className)}>
      <ul className="flex flex-col gap-1">
        {navItemsFor(showAdmin).map((item) => {
          const active = isNavItemActive(pathname, item.href);
          const Icon = item.icon;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                onClick={onNavigate}
                className={cn(
                  "flex h-9 items-center gap-3 rounded-md px-3 text-sm font-medium outline-none transition-colors",
                  "text-sidebar-foreground/80 hover:bg-sidebar-accent hover:text-sidebar-accent-foreground",
                  "focus-visible:ring-sidebar-ring/50 focus-visible:ring-[3px]",
                  active &&
                    "bg-sidebar-accent text-sidebar-accent-foreground [&>svg]:text-sidebar-primary",
                )}
              >
                <Icon className="size-4 shrink-0" aria-hidden="true" />
                <span className="truncate">{item.label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
