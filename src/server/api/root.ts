import { authRouter } from "./routers/auth";
import { calendarRouter } from "./routers/calendar";
import { contactsRouter } from "./routers/contacts";
import { dashboardRouter } from "./routers/dashboard";
import { jobsRouter } from "./routers/jobs";
import { settingsRouter } from "./routers/settings";
import { tasksRouter } from "./routers/tasks";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  dashboard: dashboardRouter,
  settings: settingsRouter,
  jobs: jobsRouter,
  calendar: calendarRouter,
  tasks: tasksRouter,
  contacts: contactsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
