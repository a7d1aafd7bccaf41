"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False during server rendering and hydration, true once React runs in the browser.
 * Forms use it to stay inert until their submit handler is attached (a native submit before
 * hydration would send the fields as a GET query string); LocalTime uses it to switch from the
 * server's time zone to the viewer's without a hydration mismatch.
 */
export function useHydrated() {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
