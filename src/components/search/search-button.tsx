"use client";

import { SearchIcon } from "lucide-react";

import { Button } from "~/components/ui/button";
import { Kbd } from "~/components/ui/kbd";
import { useHydrated } from "~/components/use-hydrated";
import { useCommandPalette } from "./command-palette";

/** Apple keyboards say ⌘, the others Ctrl (both work everywhere). */
function isApple() {
  return /mac|iphone|ipad|ipod/i.test(navigator.userAgent);
}

/** The header's search box look-alike: opens the ⌘K palette, and shows its shortcut. */
export function SearchButton() {
  const { openPalette } = useCommandPalette();
  // The shortcut hint depends on the platform, known only in the browser.
  const hydrated = useHydrated();
  const shortcut = hydrated ? (isApple() ? "⌘K" : "Ctrl K") : null;

  return (
    <Button
      type="button"
      variant="outline"
      onClick={openPalette}
      aria-label="Search"
      aria-keyshortcuts="Meta+K Control+K /"
      title={shortcut ? `Search (${shortcut} or /)` : "Search"}
      className="text-muted-foreground hover:text-foreground size-9 justify-start gap-2 px-0 font-normal max-sm:justify-center sm:w-48 sm:px-3 lg:w-64"
    >
      <SearchIcon aria-hidden="true" />
      <span className="hidden sm:inline">Search…</span>
      <Kbd className="ml-auto hidden sm:inline-flex" aria-hidden="true">
        {shortcut ?? <span className="invisible">⌘K</span>}
      </Kbd>
    </Button>
  );
}
