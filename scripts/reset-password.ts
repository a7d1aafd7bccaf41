/**
 * `npm run user:reset-password -- <email> [--generate] [--enable]`: sets a new password for an
 * account from the shell (the way back in for a locked-out owner). Asks for the password twice
 * (hidden on a terminal; two lines when piped), or `--generate` prints a random one. Every
 * session of the account ends; `--enable` also lifts a disable.
 */
// .env / .env.local first: ~/env validates process.env when it is imported.
import "../src/load-env";
import { parseArgs } from "node:util";
import { env } from "~/env";
import { generatePassword, setPassword } from "~/server/accounts/passwords";
import { emailSchema, passwordSchema } from "~/lib/account-fields";
import { createDb } from "~/server/db";

const USAGE = "Usage: npm run user:reset-password -- <email> [--generate] [--enable]";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** Reads a line from the terminal without echoing it. */
function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.resume();
    let value = "";
    const finish = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write("\n");
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return (finish(), resolve(value));
        if (ch === "\u0003" || ch === "\u0004") return (finish(), reject(new Error("Cancelled.")));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function readPiped(): Promise<string[]> {
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/);
}

async function askPassword(): Promise<string> {
  const [first, second] = process.stdin.isTTY
    ? [await readHidden("New password: "), await readHidden("Repeat it: ")]
    : await readPiped();
  if (first === undefined || first === "") fail("No password given. Type it when asked, pipe it twice, or use --generate.");
  if (first !== second) fail("The two passwords do not match; nothing was changed.");
  const valid = passwordSchema.safeParse(first);
  if (!valid.success) fail(`${valid.error.issues[0]?.message ?? "Invalid password."} Nothing was changed.`);
  return valid.data;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { generate: { type: "boolean", default: false }, enable: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length !== 1) fail(USAGE);
  const email = emailSchema.safeParse(positionals[0]);
  if (!email.success) fail(`"${positionals[0]}" is not an email address.\n${USAGE}`);
  if (!env.DATABASE_URL) {
    fail(
      "DATABASE_URL is not set. Point it at Switchboard's database (in .env or the environment); for the " +
        "embedded database, `npm run db:server` prints its URL.",
    );
  }

  const db = createDb(env.DATABASE_URL, { max: 1 });
  try {
    const user = await db.user.findUnique({ where: { email: email.data }, select: { id: true, disabledAt: true } });
    if (!user) fail(`No account has the email ${email.data}.`);
    const password = values.generate ? generatePassword() : await askPassword();
    await setPassword(db, user.id, password, { enable: values.enable });
    console.log(`Password of ${email.data} changed; every session of the account has ended.`);
    if (values.generate) console.log(`New password: ${password}`);
    if (values.enable && user.disabledAt) console.log("The account is enabled again.");
    if (!values.enable && user.disabledAt) console.log("The account is still disabled: run again with --enable to lift that.");
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
