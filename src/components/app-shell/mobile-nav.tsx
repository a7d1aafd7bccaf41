"use client";

import * as React from "react";
import Link from "next/link";
import { MenuIcon } from "lucide-react";

import { Button } from "~/components/ui/button";
import {
  Sheet,
  SheetContent,
  SheetDescription,
  SheetHeader,
  SheetTitle,
  SheetTrigger,
} from "~/components/ui/sheet";
import { Logo } from "~/components/app-shell/logo";
import { SidebarNav } from "~/components/app-shell/sidebar-nav";

/** The sidebar as a sheet, opened from the header on small screens. */
export function MobileNav({ showAdmin = false }: { showAdmin?: boolean }) {
  const [open, setOpen] = React.useState(false);
  const close = React.useCallback(() => setOpen(false), []);

  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open navigation">
          <MenuIcon />
        </Button>
      </SheetTrigger>
      <SheetContent
        side="left"
        className="bg-sidebar text-sidebar-foreground w-72 gap-0 p-0"
        onOpenAutoFocus={(event) => {
          // Start keyboard users on the page they are on rather than the close button.
          const current = (event.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>(
            '[aria-current="page"]',
          );
          if (current) {
            event.preventDefault();
            current.focus();
          }
        }}
      >
        <SheetHeader className="h-14 flex-row items-center border-b px-4 py-0">
          <SheetTitle asChild>
            <Link href="/dashboard" onClick={close} className="rounded-md outline-none">
              <Logo />
            </Link>
          </SheetTitle>
          <SheetDescription className="sr-only">Main navigation</SheetDescription>
        </SheetHeader>
        <div className="flex-1 overflow-y-auto px-3 py-3">
          <SidebarNav onNavigate={close} showAdmin={showAdmin} />
        </div>
      </SheetContent>
    </Sheet>
  );
}
