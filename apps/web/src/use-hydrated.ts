"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and during hydration, true once React runs the page. A form that
 * holds secrets stays disabled until then: a click before hydration would submit it natively,
 * as a GET with every field in the URL, and typing would be overwritten by hydration.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
