import type { Metadata } from "next";

import { api } from "~/trpc/server";
import { VoiceView } from "~/components/voice/voice-view";

export const metadata: Metadata = { title: "Voice agent" };

export default async function VoicePage() {
  return <VoiceView stats={await api.voice.stats()} />;
}
