import {
  ActivityIcon,
  BellRingIcon,
  CalendarDaysIcon,
  HeadsetIcon,
  LayoutDashboardIcon,
  ListTodoIcon,
  MessageSquareIcon,
  PhoneIcon,
  SettingsIcon,
  ShieldIcon,
  UsersIcon,
  type LucideIcon,
} from "lucide-react";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
}

/**
 * The sidebar navigation. Sections are listed only once they exist: a new section adds one
 * entry here (e.g. { href: "/contacts", label: "Contacts", icon: UsersIcon }) and the sidebar,
 * the mobile sheet and the header title pick it up.
 */
export const navItems: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboardIcon },
  { href: "/contacts", label: "Contacts", icon: UsersIcon },
  { href: "/calls", label: "Calls", icon: PhoneIcon },
  { href: "/voice", label: "Voice agent", icon: HeadsetIcon },
  { href: "/messages", label: "Messages", icon: MessageSquareIcon },
  { href: "/calendar", label: "Calendar", icon: CalendarDaysIcon },
  { href: "/tasks", label: "Tasks", icon: ListTodoIcon },
  { href: "/reminders", label: "Reminders", icon: BellRingIcon },
  { href: "/jobs", label: "Jobs", icon: ActivityIcon },
  { href: "/settings", label: "Settings", icon: SettingsIcon },
];

/** The owner's instance administration; listed only for the owner (the page refuses others). */
export const adminNavItem: NavItem = { href: "/admin", label: "Admin", icon: ShieldIcon };

/** The items a user sees: everyone's, plus Admin for the owner. */
export function navItemsFor(showAdmin: boolean): NavItem[] {
  return showAdmin ? [...navItems, adminNavItem] : navItems;
}

/** True when `pathname` is the item's page or one of its sub-pages. */
export function isNavItemActive(pathname: string | null | undefined, href: string) {
  if (!pathname) return false;
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The nav item the current page belongs to (longest matching href wins). */
export function findNavItem(pathname: string | null | undefined) {
  let best: NavItem | undefined;
  for (const item of [...navItems, adminNavItem]) {
    if (isNavItemActive(pathname, item.href) && (!best || item.href.length > best.href.length)) {
      best = item;
    }
  }
  return best;
}
