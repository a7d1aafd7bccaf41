import * as React from "react";

import { cn } from "~/lib/utils";

/** "Calls could not be loaded. <reason>", or null when nothing failed. */
export function loadError(title: string, error: { message: string } | null | undefined) {
  return error ? `${title} ${error.message}` : null;
}

/**
 * The states a list passes through before its rows: failed to load (`error`, announced as an
 * alert), loading (`skeleton`), loaded but empty (`empty`); otherwise the rows, from `children`.
 * Whether an error shows over rows already loaded is the caller's choice: pass it only when
 * there are none (`data ? null : error`) to keep showing the last good rows.
 */
export function ListState<T>({
  data,
  error,
  skeleton,
  isEmpty,
  empty,
  children,
  errorClassName,
}: {
  data: T | undefined;
  error: React.ReactNode;
  skeleton: React.ReactNode;
  isEmpty: (data: T) => boolean;
  empty: React.ReactNode;
  children: (data: T) => React.ReactNode;
  errorClassName?: string;
}) {
  if (error) return <ListError className={errorClassName}>{error}</ListError>;
  if (data === undefined) return <>{skeleton}</>;
  if (isEmpty(data)) return <>{empty}</>;
  return <>{children(data)}</>;
}

/** Why a list (or a part of a page) could not be loaded, announced as an alert. */
export function ListError({ children, className }: { children: React.ReactNode; className?: string }) {
  return (
    <p role="alert" className={cn("text-destructive text-sm", className)}>
      {children}
    </p>
  );
}

/** The "Clear filters" link inside a filtered list's empty (or error) message. */
export function ClearFiltersLink({ onClick, className }: { onClick: () => void; className?: string }) {
  return (
    <button type="button" className={cn("text-foreground font-medium underline underline-offset-4", className)} onClick={onClick}>
      Clear filters
    </button>
  );
}
