import { TRPCError } from "@trpc/server";
import { registerUser, signUpInput } from "~/server/auth/sign-up";
import { clientIp } from "~/server/auth/client-ip";
import { AttemptLimiter } from "~/server/auth/rate-limit";
import { sendJob } from "~/server/queue/boss";
import { logger } from "~/server/logger";
import { createTRPCRouter, publicProcedure } from "../trpc";

const signUpLimiter = new AttemptLimiter(10, 60 * 60);

export const authRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const wait = await signUpLimiter.consume(clientIp(ctx.headers));
    if (wait > 0) {
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `Too many sign-ups. Try again in ${wait} seconds.` });
    }
    const user = await registerUser(ctx.db, input);
    // The account exists either way; a queue hiccup must not fail the sign-up.
    await ctx
      .jobs()
      .then((boss) => sendJob(boss, "notifications.welcome", { userId: user.id }))
      .catch((error: unknown) => logger.warn({ err: error }, "could not queue the welcome notification"));
    return user;
  }),
});
