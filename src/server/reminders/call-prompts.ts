/**
 * What a reminder call says around the user's message, in the message's language: the message is
 * spoken in that language, so the question after it must be too. Languages not listed fall back to
 * English.
 */
export interface CallPrompts {
  /** Asked when the reminder wants a confirmation. */
  confirm: string;
  /** Asked when it does not (1 still confirms; no key is fine). */
  acknowledge: string;
  /** After 1. */
  thanks: string;
  /** After giving up on a key. */
  goodbye: string;
}

const PROMPTS: Record<string, CallPrompts> = {
  en: {
    confirm: "Press 1 to confirm, or 2 to hear this message again.",
    acknowledge: "Press 1 if you got this, or 2 to hear this message again.",
    thanks: "Thank you. Goodbye.",
    goodbye: "Goodbye.",
  },
  es: {
    confirm: "Pulse 1 para confirmar, o 2 para volver a escuchar este mensaje.",
    acknowledge: "Pulse 1 si recibió este mensaje, o 2 para volver a escucharlo.",
    thanks: "Gracias. Adiós.",
    goodbye: "Adiós.",
  },
  fr: {
    confirm: "Appuyez sur 1 pour confirmer, ou sur 2 pour réécouter ce message.",
    acknowledge: "Appuyez sur 1 si vous avez bien reçu ce message, ou sur 2 pour le réécouter.",
    thanks: "Merci. Au revoir.",
    goodbye: "Au revoir.",
  },
  de: {
    confirm: "Drücken Sie die 1 zum Bestätigen oder die 2, um diese Nachricht noch einmal zu hören.",
    acknowledge: "Drücken Sie die 1, wenn Sie die Nachricht erhalten haben, oder die 2, um sie noch einmal zu hören.",
    thanks: "Vielen Dank. Auf Wiederhören.",
    goodbye: "Auf Wiederhören.",
  },
  it: {
    confirm: "Premi 1 per confermare, oppure 2 per riascoltare questo messaggio.",
    acknowledge: "Premi 1 se hai ricevuto questo messaggio, oppure 2 per riascoltarlo.",
    thanks: "Grazie. Arrivederci.",
    goodbye: "Arrivederci.",
  },
  pt: {
    confirm: "Pressione 1 para confirmar, ou 2 para ouvir esta mensagem novamente.",
    acknowledge: "Pressione 1 se recebeu esta mensagem, ou 2 para ouvi-la novamente.",
    thanks: "Obrigado. Até logo.",
    goodbye: "Até logo.",
  },
};

/** The prompts for a BCP 47 language tag ("de-AT" → German), English when there are none. */
export function callPrompts(language: string | null | undefined): CallPrompts {
  const primary = (language ?? "en").split("-")[0]!.toLowerCase();
  return PROMPTS[primary] ?? PROMPTS.en!;
}
