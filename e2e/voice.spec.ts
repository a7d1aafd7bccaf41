import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signUp } from "./fixtures/accounts";
import { withE2eDatabase } from "./fixtures/database";

/**
 * The voice agent's pages: the Voice page's empty state, then a receptionist call as the voice
 * process stores it (its turns, and the conversation as the call's transcript, written straight
 * into the e2e database: the e2e server has none of the agent's provider keys) on the call page,
 * turn by turn with tool calls, a cut-off answer and each wait in parts; and the Voice page's
 * 7-day percentiles of those waits. The queries themselves: src/server/voice/turns.test.ts.
 */

const CALLER = "+16285550199";

interface SeedTurn {
  callerText: string;
  agentText: string;
  startedAtMs: number;
  endedAtMs: number;
  interrupted?: boolean;
  toolCalls?: { name: string; input: unknown; ok: boolean; result: string }[];
  /** [total, stt, llm, tts, engine] */
  wait?: [number, number, number, number, number];
}

const TURNS: SeedTurn[] = [
  { callerText: "", agentText: "Thanks for calling Rae's Repairs. How can I help?", startedAtMs: 0, endedAtMs: 3_800 },
  {
    callerText: "Hi, my back brake is rubbing. Can someone call me back today?",
    agentText: "Of course. I've taken a message, and Rae will call you back today.",
    startedAtMs: 9_200,
    endedAtMs: 13_900,
    toolCalls: [
      {
        name: "take_message",
        input: { message: "Back brake rubbing; wants a call back today.", urgent: false },
        ok: true,
        result: "The message is saved and the owner has been notified.",
      },
    ],
    wait: [540, 110, 280, 95, 55],
  },
  {
    callerText: "Could you text me your address?",
    agentText: "I'm sorry, I couldn't send the text. I can",
    startedAtMs: 16_400,
    endedAtMs: 19_100,
    interrupted: true,
    toolCalls: [{ name: "send_sms", input: { text: "12 Mill Lane" }, ok: false, result: "The text could not be sent. Offer to take a message instead." }],
    wait: [910, 120, 520, 180, 90],
  },
  {
    callerText: "No problem, thanks. Bye!",
    agentText: "You're welcome. Goodbye!",
    startedAtMs: 21_800,
    endedAtMs: 23_600,
    toolCalls: [{ name: "end_call", input: {}, ok: true, result: "The call ends after you finish speaking." }],
    wait: [640, 100, 350, 120, 70],
  },
];

/** A finished receptionist call of the account with `email`: the call, its stream, turns and transcript. */
async function seedReceptionistCall(email: string): Promise<string> {
  return withE2eDatabase(async (db) => {
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email.toLowerCase()]);
    const userId = rows[0]!.id;
    const callId = `e2e-voice-${randomUUID()}`;
    const streamId = `e2e-stream-${randomUUID()}`;
    const lines = TURNS.flatMap((turn) => {
      const answeredAt = turn.startedAtMs + (turn.wait?.[0] ?? 0);
      return [
        ...(turn.callerText ? [{ speaker: 0, start: (turn.startedAtMs - 2_000) / 1000, end: turn.startedAtMs / 1000, text: turn.callerText, confidence: 1 }] : []),
        { speaker: 1, start: answeredAt / 1000, end: turn.endedAtMs / 1000, text: turn.agentText, confidence: 1 },
      ];
    });
    const text = lines.map((line) => `${line.speaker === 0 ? "Caller" : "Receptionist"}: ${line.text}`).join("\n");
    await db.query(
      `INSERT INTO "Call" (id, "userId", direction, status, "fromNumber", "toNumber", "counterpartNumber", "startedAt", "answeredAt", "endedAt",
         "durationSeconds", "transcriptText", "transcriptSegments", "transcriptProvider", "speakerNames", "transcribeStatus", "updatedAt")
       VALUES ($1, $2, 'inbound', 'completed', $3, '+16285550100', $3, now() - interval '10 minutes', now() - interval '10 minutes',
         now() - interval '9 minutes', 26, $4, $5, 'voice-agent', '{"1":"Receptionist"}', 'succeeded', now())`,
      [callId, userId, CALLER, text, JSON.stringify(lines)],
    );
    await db.query(
      `INSERT INTO "VoiceStream" (id, "userId", "callId", purpose, "tokenHash", "expiresAt", "connectedAt", "endedAt")
       VALUES ($1, $2, $3, 'receptionist', $4, now(), now() - interval '10 minutes', now() - interval '9 minutes')`,
      [streamId, userId, callId, randomUUID()],
    );
    for (const [index, turn] of TURNS.entries()) {
      const [latency, stt, llm, tts, engine] = turn.wait ?? [null, null, null, null, null];
      await db.query(
        `INSERT INTO "VoiceTurn" (id, "userId", "callId", "streamId", index, "callerText", "agentText", "toolCalls", "startedAtMs", "endedAtMs",
           interrupted, "latencyMs", "sttMs", "llmMs", "ttsMs", "engineMs")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [randomUUID(), userId, callId, streamId, index, turn.callerText, turn.agentText, JSON.stringify(turn.toolCalls ?? []), turn.startedAtMs,
          turn.endedAtMs, turn.interrupted ?? false, latency, stt, llm, tts, engine],
      );
    }
    return callId;
  });
}

test("voice agent: the empty Voice page, a receptionist call turn by turn with its waits, and the week's percentiles", async ({ page }) => {
  const email = await signUp(page, "Vera Voice");

  await test.step("the Voice page says there is nothing yet and where the receptionist is set up", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Voice agent" }).click();
    await expect(page).toHaveURL(/\/voice$/);
    await expect(page.getByRole("heading", { level: 1, name: "Voice agent" })).toBeVisible();
    await expect(page.getByText("No receptionist calls in the last 7 days.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Settings", exact: true }).last()).toHaveAttribute("href", "/settings#receptionist");
    await page.screenshot({ path: test.info().outputPath("voice-empty.png"), fullPage: true });
  });

  const callId = await seedReceptionistCall(email);

  await test.step("the call page shows the conversation: turns, tool calls, the cut-off answer, each wait", async () => {
    await page.goto(`/calls/${callId}`);
    const section = page.getByRole("region", { name: "Conversation with the receptionist" });
    await expect(section).toBeVisible();
    const turns = section.getByTestId("voice-turn");
    await expect(turns).toHaveCount(4);
    await expect(turns.first()).toContainText(/Receptionist\s*\(greeting\)/);
    await expect(turns.first().getByTestId("latency-strip")).toHaveCount(0);

    await expect(turns.nth(1)).toContainText("(628) 555-0199");
    const message = turns.nth(1).getByTestId("voice-tool-call");
    await expect(message).toContainText("take_message");
    await expect(message).toContainText("The message is saved and the owner has been notified.");
    await expect(message).not.toContainText("failed");
    await message.getByText("Input").click();
    await expect(message).toContainText("Back brake rubbing");

    const sms = turns.nth(2).getByTestId("voice-tool-call");
    await expect(sms).toContainText("send_sms");
    await expect(sms).toContainText("failed");
    await expect(turns.nth(2)).toContainText("Interrupted");

    const strip = turns.nth(1).getByTestId("latency-strip");
    await expect(strip).toHaveAttribute("role", "img");
    await expect(strip).toHaveAccessibleName("Waited 540 ms: STT 110 ms, LLM 280 ms, TTS 95 ms, Engine 55 ms");
    await expect(turns.nth(2).getByTestId("latency-strip")).toHaveAccessibleName(/^Waited 910 ms: .* \(over the 700 ms goal\)$/);
    // The parts by keyboard: focusing the strip shows them.
    await strip.focus();
    await expect(page.getByRole("tooltip")).toContainText("Caller waited 540 ms");
    await page.screenshot({ path: test.info().outputPath("voice-latency-tooltip.png") });
    await page.keyboard.press("Escape");
    // Tall enough for the whole section below the sticky header.
    await page.setViewportSize({ width: 1280, height: 1600 });
    await section.screenshot({ path: test.info().outputPath("voice-call-conversation.png") });
    await page.setViewportSize({ width: 1280, height: 720 });

    // The transcript names the agent as the call does, not "You".
    const transcript = page.getByRole("region", { name: "Transcript" });
    await expect(transcript.getByTestId("transcript-segment").first()).toContainText("Receptionist");
    await expect(transcript.getByText("You", { exact: true })).toHaveCount(0);
  });

  await test.step("the Voice page: p50 and p95 of the waits against the goal, the parts, the counts", async () => {
    await page.goto("/voice");
    // Waits of 540, 640 and 910 ms: p50 640, p95 883 (percentile_cont).
    await expect(page.getByTestId("voice-wait-p50")).toContainText("640 ms");
    await expect(page.getByTestId("voice-wait-p50")).toContainText("Within the 700 ms goal");
    await expect(page.getByTestId("voice-wait-p95")).toContainText("883 ms");
    await expect(page.getByTestId("voice-wait-p95")).toContainText("183 ms over the 700 ms goal");
    const parts = page.getByRole("table", { name: "Where the time went" });
    await expect(parts.getByRole("row", { name: /^LLM/ })).toContainText("350 ms");
    await expect(parts.getByRole("row", { name: /^LLM/ })).toContainText("503 ms");
    await expect(parts.getByRole("row", { name: /caller’s wait/ })).toContainText("883 ms");
    await expect(page.getByText("Answers measured").locator("..").locator("..")).toContainText("3");
    await expect(page.getByText("Interrupted", { exact: true }).locator("..").locator("..")).toContainText("1");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Voice agent" })).toHaveAttribute("aria-current", "page");
    await page.screenshot({ path: test.info().outputPath("voice-stats.png"), fullPage: true });
  });
});
