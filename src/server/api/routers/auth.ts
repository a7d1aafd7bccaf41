import { TRPCError } from "@trpc/server";
import { registerUser, signUpInput, signUpState, signUpStateInput } from "~/server/auth/sign-up";
import { addressBucket, clientIp } from "~/server/auth/client-ip";
import { createSignUpLimiter } from "~/server/auth/rate-limit";
import { waitText } from "~/lib/format";
import { sendJob } from "~/server/queue/boss";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const authRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    // Counted in the context's database (shared by every web process), per client address.
    const address = addressBucket(clientIp(ctx.headers, ctx.config.trustedProxyHops));
    const wait = await createSignUpLimiter(ctx.db, ctx.config.signUp.maxPerHour).consume(address);
    if (wait > 0) {
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `Too many sign-ups from your address. Try again in ${waitText(wait * 1000)}.` });
    }
    const user = await registerUser(ctx, input);
    // The account exists either way; a queue hiccup must not fail the sign-up.
    await ctx
      .jobs()
      .then((boss) => sendJob(boss, "notifications.welcome", { userId: user.id }))
      .catch((error: unknown) => ctx.logger.warn({ err: error }, "could not queue the welcome notification"));
    return user;
  }),
  /** For the sign-up page: whether to show the form, and the email an invite is for. */
  signUpState: publicProcedure
    .input(signUpStateInput)
    .query(({ ctx, input }) => signUpState(ctx, input)),
});
