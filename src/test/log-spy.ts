import { vi } from "vitest";
import { logger } from "~/server/logger";

/** Spies on the process logger's levels (restore with vi.restoreAllMocks()): which level a line went to. */
export function spyOnLogger() {
  return {
    error: vi.spyOn(logger, "error"),
    warn: vi.spyOn(logger, "warn"),
    info: vi.spyOn(logger, "info"),
    debug: vi.spyOn(logger, "debug"),
  };
}
