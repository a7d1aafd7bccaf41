"use client";

import * as React from "react";

import "~/app/globals.css";

/**
 * When the root layout itself fails, this replaces the whole document (its own html and body,
 * no providers). Kept dependency-free so it renders even when what broke is a provider.
 */
export default function GlobalError({ error, retry, reset }: { error: unknown; retry?: () => void; reset?: () => void }) {
  React.useEffect(() => {
    console.error(error);
  }, [error]);

  // The theme next-themes saved (it cannot run here), or the system's; set after mount, since
  // the CSP allows no inline script to do it before paint.
  React.useEffect(() => {
    const saved = window.localStorage.getItem("theme");
    const dark = saved === "dark" || (saved !== "light" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    document.documentElement.classList.toggle("dark", dark);
  }, []);

  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  return (
    <html lang="en">
      <body className="bg-background text-foreground flex min-h-dvh items-center justify-center p-6 font-sans">
        <title>Something went wrong · Switchboard</title>
        <main role="alert" className="max-w-md space-y-4 text-center">
          <h1 className="text-2xl font-semibold tracking-tight">Switchboard could not load</h1>
          <p className="text-muted-foreground text-sm">
            Something went wrong on our side. Try again in a moment; if it keeps happening, the server log has the details.
            {digest ? <span className="mt-1 block font-mono text-xs">Reference: {digest}</span> : null}
          </p>
          <button
            type="button"
            onClick={() => (retry ?? reset)?.()}
            className="bg-primary text-primary-foreground hover:bg-primary/90 inline-flex h-9 items-center rounded-md px-4 text-sm font-medium"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
