/**
 * Runs in the browser before any of the app's own modules (Next.js loads it first).
 *
 * Zod 4 compiles object parsers with `new Function` when the page allows it, and finds out by
 * trying once as the first object schema is created. Our Content-Security-Policy has no
 * 'unsafe-eval', so that try is refused (and caught) but still reported as a CSP violation on
 * every page with a form. Interpreted parsing is plenty for forms, so the browser never tries;
 * this must happen before any module defines a schema, hence here.
 */
import { z } from "zod";

z.config({ jitless: true });
