"use client";

import { usePathname } from "next/navigation";

import { findNavItem } from "~/components/app-shell/nav-items";

/** Pages that are in no section of the sidebar but still name themselves in the header. */
const OTHER_PAGES: Record<string, string> = { "/search": "Search" };

/** The current section's name, derived from the nav data. */
export function HeaderTitle() {
  const pathname = usePathname();
  const label = findNavItem(pathname)?.label ?? (pathname ? OTHER_PAGES[pathname] : undefined);
  if (!label) return null;
  return <span className="truncate text-sm font-medium">{label}</span>;
}
