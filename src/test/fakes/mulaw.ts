/**
 * G.711 μ-law, the 8 kHz telephone audio Telnyx streams and the live fakes speak: one byte per
 * sample, 160 bytes per 20 ms. The codec is the textbook one (bias 0x84, clip 32635), small
 * enough to keep here so the fakes can tell speech from silence and tests can make either.
 */

export const SAMPLE_RATE = 8000;
/** Bytes (samples) in 20 ms, Telnyx's frame and the speech detector's window. */
export const FRAME_BYTES = 160;
/** Digital silence (linear 0). 0x7F decodes to 0 too. */
export const MULAW_SILENCE = 0xff;

const BIAS = 0x84;
const CLIP = 32635;

/** A 16-bit linear sample as a μ-law byte. */
export function encodeMulaw(sample: number): number {
  let value = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = value < 0 ? 0x80 : 0;
  if (sign) value = -value;
  value = Math.min(value, CLIP) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (value & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (value >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** A μ-law byte as a 16-bit linear sample. */
export function decodeMulaw(byte: number): number {
  const inverted = ~byte & 0xff;
  const exponent = (inverted >> 4) & 0x07;
  const magnitude = ((((inverted & 0x0f) << 3) + BIAS) << exponent) - BIAS;
  return inverted & 0x80 ? -magnitude : magnitude;
}

/** Root mean square of a μ-law buffer, in linear units (0 to 32767). */
export function mulawRms(audio: Uint8Array): number {
  if (audio.length === 0) return 0;
  let sum = 0;
  for (const byte of audio) sum += decodeMulaw(byte) ** 2;
  return Math.sqrt(sum / audio.length);
}

const bytesFor = (ms: number) => Math.round((ms * SAMPLE_RATE) / 1000);

/** `ms` of a loud 440 Hz tone (amplitude 8000, RMS ≈ 5600): speech to the live STT fake. */
export function speechAudio(ms: number): Buffer {
  const audio = Buffer.alloc(bytesFor(ms));
  for (let i = 0; i < audio.length; i++) audio[i] = encodeMulaw(8000 * Math.sin((2 * Math.PI * 440 * i) / SAMPLE_RATE));
  return audio;
}

/** `ms` of digital silence (0xFF). */
export function silenceAudio(ms: number): Buffer {
  return Buffer.alloc(bytesFor(ms), MULAW_SILENCE);
}
