// .env / .env.local first: ~/env validates process.env when it is imported.
import "../src/load-env";

// Set before the logger module loads, so every line is tagged with this process.
process.env.SWITCHBOARD_PROCESS ??= "voice";
export {};

const { env } = await import("~/env").catch((error: unknown) => {
  console.error(error instanceof Error && error.name === "EnvError" ? error.message : error);
  process.exit(1);
});
const { logger } = await import("~/server/logger");
const { createServices } = await import("~/server/services");
const { startVoiceProcess } = await import("~/server/voice/process");

// The voice process: Telnyx media streams in, the agent's conversations (src/server/voice).
const services = createServices(env);
const voice = await startVoiceProcess(env, services);
logger.info({ port: voice.port, streamUrl: services.config.voiceStreamUrl }, "voice process listening");

let signals = 0;
async function shutdown(signal: string) {
  signals += 1;
  if (signals > 1) process.exit(130);
  logger.info({ signal }, "shutting down: open conversations end");
  try {
    await voice.close();
    await services.db.$disconnect();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, "shutdown failed");
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
