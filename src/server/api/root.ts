import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { authRouter } from "./routers/auth";
import { callsRouter } from "./routers/calls";
import { calendarRouter } from "./routers/calendar";
import { contactsRouter } from "./routers/contacts";
import { dashboardRouter } from "./routers/dashboard";
import { jobsRouter } from "./routers/jobs";
import { keepInTouchRouter } from "./routers/keep-in-touch";
import { messagesRouter } from "./routers/messages";
import { notificationsRouter } from "./routers/notifications";
import { phoneNumbersRouter } from "./routers/phone-numbers";
import { remindersRouter } from "./routers/reminders";
import { searchRouter } from "./routers/search";
import { settingsRouter } from "./routers/settings";
import { tasksRouter } from "./routers/tasks";
import { usageLimitsRouter } from "./routers/usage-limits";
import { voiceRouter } from "./routers/voice";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  dashboard: dashboardRouter,
  settings: settingsRouter,
  jobs: jobsRouter,
  calendar: calendarRouter,
  tasks: tasksRouter,
  contacts: contactsRouter,
  calls: callsRouter,
  messages: messagesRouter,
  notifications: notificationsRouter,
  phoneNumbers: phoneNumbersRouter,
  admin: adminRouter,
  account: accountRouter,
  usageLimits: usageLimitsRouter,
  reminders: remindersRouter,
  keepInTouch: keepInTouchRouter,
  voice: voiceRouter,
  search: searchRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
