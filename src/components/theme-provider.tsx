"use client";

import * as React from "react";
import { ThemeProvider as NextThemesProvider } from "next-themes";

/**
 * next-themes, which applies the saved theme with an inline script before the first paint (no
 * flash). Under the Content-Security-Policy that script runs only with the request's `nonce`,
 * which the root layout passes in.
 */
export function ThemeProvider({ children, ...props }: React.ComponentProps<typeof NextThemesProvider>) {
  return <NextThemesProvider {...props}>{children}</NextThemesProvider>;
}
