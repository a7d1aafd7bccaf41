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
      // Until the ref is attached (a closed dialog's form) the library listens on the document:
      // the shortcut then belongs to nothing here and is left alone.
      const scope = event.currentTarget instanceof HTMLElement ? event.currentTarget : null;
      if (!scope) return;
      event.preventDefault();
      if (onSubmit) onSubmit();
      else (scope instanceof HTMLFormElement ? scope : scope.closest("form"))?.requestSubmit();
    },
    { enableOnFormTags: true, enableOnContentEditable: true },
    [onSubmit],
  );
}
