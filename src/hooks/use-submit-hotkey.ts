"use client";

import { useHotkeys } from "react-hotkeys-hook";

/**
 * ⌘+Enter or Ctrl+Enter (either, on every platform) while focus is inside the element the
 * returned ref is attached to: submits the form it is or sits in (`requestSubmit`, so the form's
 * own validation and onSubmit run), or calls `onSubmit` when given. Fires inside inputs and
 * textareas, where these shortcuts are used; Enter alone keeps its usual meaning.
 */
export function useSubmitHotkey<T extends HTMLElement = HTMLFormElement>(onSubmit?: () => void) {
  return useHotkeys<T>(
    ["ctrl+enter", "meta+enter"],
    (event) => {
      if (onSubmit) {
        onSubmit();
        return;
      }
      const target = event.currentTarget instanceof HTMLElement ? event.currentTarget : null;
      const form = target instanceof HTMLFormElement ? target : target?.closest("form");
      form?.requestSubmit();
    },
    { enableOnFormTags: true, enableOnContentEditable: true, preventDefault: true },
    [onSubmit],
  );
}
