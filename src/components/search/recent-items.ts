"use client";

import * as React from "react";

import type { SearchHit } from "~/server/search/schemas";
import { isSearchType, type SearchType } from "./search-meta";

/** What the palette shows of a hit opened before, when nothing is typed yet. */
export interface RecentItem {
  type: SearchType;
  id: string;
  title: string;
  subtitle: string | null;
  href: string;
  seconds: number | null;
}

export const RECENT_MAX = 5;
const CHANGED = "switchboard:recent-items";

/**
 * Per account (`userKey`): a browser shared by two accounts must not show one the other's
 * contacts. Kept in localStorage only: nothing of it is sent anywhere.
 */
function storageKey(userKey: string) {
  return `switchboard:search:recent:${userKey}`;
}

function parse(raw: string | null): RecentItem[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [];
    return value.filter(isRecentItem).slice(0, RECENT_MAX);
  } catch {
    return [];
  }
}

function isRecentItem(value: unknown): value is RecentItem {
  if (typeof value !== "object" || value === null) return false;
  const item = value as Record<string, unknown>;
  return (
    isSearchType(item.type) &&
    typeof item.id === "string" &&
    typeof item.title === "string" &&
    (item.subtitle === null || typeof item.subtitle === "string") &&
    // Only the app's own pages: a tampered entry must not become a link elsewhere.
    typeof item.href === "string" &&
    item.href.startsWith("/") &&
    !item.href.startsWith("//") &&
    (item.seconds === null || typeof item.seconds === "number")
  );
}

function read(userKey: string): string | null {
  try {
    return window.localStorage.getItem(storageKey(userKey));
  } catch {
    return null; // storage disabled: no recent items, nothing breaks
  }
}

/** Puts `hit` first among the recent items (once: opening it again moves it up). */
export function rememberRecent(userKey: string, hit: Pick<SearchHit, "type" | "id" | "title" | "subtitle" | "href" | "seconds">) {
  const item: RecentItem = {
    type: hit.type,
    id: hit.id,
    title: hit.title,
    subtitle: hit.subtitle,
    href: hit.href,
    seconds: hit.seconds,
  };
  const rest = parse(read(userKey)).filter((other) => !(other.type === item.type && other.id === item.id));
  try {
    window.localStorage.setItem(storageKey(userKey), JSON.stringify([item, ...rest].slice(0, RECENT_MAX)));
    window.dispatchEvent(new Event(CHANGED));
  } catch {
    // Full or disabled storage: the item is simply not remembered.
  }
}

export function clearRecent(userKey: string) {
  try {
    window.localStorage.removeItem(storageKey(userKey));
    window.dispatchEvent(new Event(CHANGED));
  } catch {
    // nothing to clear
  }
}

function subscribe(onChange: () => void) {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener("storage", onChange); // other tabs
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener("storage", onChange);
  };
}

/** The recent items, newest first; none on the server and before hydration. */
export function useRecentItems(userKey: string): RecentItem[] {
  const raw = React.useSyncExternalStore(
    subscribe,
    () => read(userKey),
    () => null,
  );
  return React.useMemo(() => parse(raw), [raw]);
}
