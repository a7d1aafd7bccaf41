"use client";

import { usePathname } from "next/navigation";

import { findNavItem } from "~/components/app-shell/nav-items";

/** The current section's name, derived from the nav data. */
export function HeaderTitle() {
  const pathname = usePathname();
  const item = findNavItem(pathname);
  if (!item) return null;
  return <span className="truncate text-sm font-medium">{item.label}</span>;
}
