import type { TRPCClientErrorLike } from "@trpc/client";
import type { UseFormSetError } from "react-hook-form";
import { describe, expect, it, vi } from "vitest";
import type { AppRouter } from "~/server/api/root";
import { FORM_ERROR, GENERIC_ERROR, errorMessage, setServerErrors, splitFormErrors } from "./form-errors";

/** A BAD_REQUEST as the error formatter sends it (input validation or a router's field error). */
function badRequest(fieldErrors: Record<string, string[]>, formErrors: string[] = []) {
  return {
    message: "Invalid input.",
    data: { code: "BAD_REQUEST", httpStatus: 400, path: "tasks.create", zodError: { fieldErrors, formErrors } },
  } as unknown as TRPCClientErrorLike<AppRouter>;
}

function typed(code: string, message: string) {
  return { message, data: { code, httpStatus: 403, path: "x", zodError: null } } as unknown as TRPCClientErrorLike<AppRouter>;
}

const networkFailure = { message: "Failed to fetch", data: undefined } as unknown as TRPCClientErrorLike<AppRouter>;

type Values = { title: string; dueAt: string; tags: string };

function fakeForm() {
  const setError = vi.fn<UseFormSetError<Values>>();
  return { setError };
}

describe("splitFormErrors", () => {
  it("puts the form's own fields' messages on them and the rest (other fields, form errors) in one message", () => {
    const split = splitFormErrors(
      badRequest({ title: ["Enter a title."], parentId: ["That parent task does not exist."] }, ["Invalid input."]),
      ["title", "dueAt"] as const,
    );
    expect(split).toEqual({ fieldErrors: { title: "Enter a title." }, formError: "Invalid input. That parent task does not exist." });
  });

  it("gives typed errors their own message and network failures a generic one", () => {
    expect(splitFormErrors(typed("FORBIDDEN", "Only the owner can do that."), ["title"])).toEqual({
      fieldErrors: {},
      formError: "Only the owner can do that.",
    });
    expect(splitFormErrors(networkFailure, ["title"])).toEqual({ fieldErrors: {}, formError: GENERIC_ERROR });
  });

  it("routes keys through a function (list entries such as tags.1), joining messages routed to one field", () => {
    const split = splitFormErrors(
      badRequest({ "tags.0": ["Too long."], "tags.2": ["Empty."], other: ["Elsewhere."] }),
      (key, message) => (key.startsWith("tags.") ? { field: "tags", message: `#${key.slice(5)}: ${message}` } : null),
    );
    expect(split).toEqual({ fieldErrors: { tags: "#0: Too long. #2: Empty." }, formError: "Elsewhere." });
  });
});

describe("setServerErrors", () => {
  it("sets each field's message in the form's field order, focusing only the first, and the rest on the form", () => {
    const form = fakeForm();
    const formError = setServerErrors<Values>(
      form,
      badRequest({ tags: ["Use at most 20 tags."], title: ["Enter a title."], survivorId: ["Not here."] }),
      ["title", "dueAt", "tags"],
    );
    expect(formError).toBe("Not here.");
    expect(form.setError.mock.calls).toEqual([
      ["title", { type: "server", message: "Enter a title." }, { shouldFocus: true }],
      ["tags", { type: "server", message: "Use at most 20 tags." }, { shouldFocus: false }],
      [FORM_ERROR, { type: "server", message: "Not here." }],
    ]);
  });

  it("puts a typed error on the form only", () => {
    const form = fakeForm();
    expect(setServerErrors<Values>(form, typed("NOT_FOUND", "Task not found."), ["title"])).toBe("Task not found.");
    expect(form.setError.mock.calls).toEqual([[FORM_ERROR, { type: "server", message: "Task not found." }]]);
  });

  it("sets nothing on the form when every message has a field", () => {
    const form = fakeForm();
    expect(setServerErrors<Values>(form, badRequest({ dueAt: ["Enter a valid due date."] }), ["title", "dueAt"])).toBeNull();
    expect(form.setError.mock.calls).toEqual([["dueAt", { type: "server", message: "Enter a valid due date." }, { shouldFocus: true }]]);
  });
});

describe("errorMessage", () => {
  it("is the first field message, else the error's message, else the fallback", () => {
    expect(errorMessage(badRequest({ title: ["Enter a title."] }))).toBe("Enter a title.");
    expect(errorMessage(badRequest({}, ["Bad."]))).toBe("Bad.");
    expect(errorMessage(typed("FORBIDDEN", "No."))).toBe("No.");
    expect(errorMessage(networkFailure, "Could not delete.")).toBe("Could not delete.");
  });
});
