import { generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";

/**
 * Signed Telnyx webhooks for tests and benchmarks, in Telnyx's exact envelope:
 *   { data: { event_type, id, occurred_at, record_type: "event", payload: {...} }, meta: {...} }
 * signed like Telnyx signs them: Ed25519 over `${timestamp}|${raw body}`, base64, in
 * `telnyx-signature-ed25519` with `telnyx-timestamp`, using a key pair generated here (the
 * public half is what TELNYX_PUBLIC_KEY holds: base64 of the raw 32-byte key).
 */

export interface TelnyxKeyPair {
  /** Base64 of the raw 32-byte public key (the TELNYX_PUBLIC_KEY format). */
  publicKeyBase64: string;
  privateKey: KeyObject;
}

export function generateTelnyxKeyPair(): TelnyxKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" });
  return { publicKeyBase64: Buffer.from(jwk.x!, "base64url").toString("base64"), privateKey };
}

export interface TelnyxEnvelope {
  data: {
    event_type: string;
    id: string;
    occurred_at: string;
    record_type: "event";
    payload: Record<string, unknown>;
  };
  meta: { attempt: number; delivered_to: string };
}

export function envelope(eventType: string, payload: Record<string, unknown>, occurredAt: Date, id: string = randomUUID()): TelnyxEnvelope {
  return {
    data: { event_type: eventType, id, occurred_at: occurredAt.toISOString(), record_type: "event", payload },
    meta: { attempt: 1, delivered_to: "https://switchboard.example.test/api/webhooks/telnyx/voice" },
  };
}

export interface SignedWebhook {
  rawBody: string;
  headers: Record<string, string>;
}

/** Signs `body` (an envelope, or raw text sent as is) at `timestamp` (Unix seconds; default now). */
export function signWebhook(keys: Pick<TelnyxKeyPair, "privateKey">, body: TelnyxEnvelope | string, timestamp?: number): SignedWebhook {
  const rawBody = typeof body === "string" ? body : JSON.stringify(body);
  const ts = String(timestamp ?? Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(`${ts}|${rawBody}`, "utf8"), keys.privateKey).toString("base64");
  return {
    rawBody,
    headers: {
      "content-type": "application/json",
      "telnyx-signature-ed25519": signature,
      "telnyx-timestamp": ts,
      "user-agent": "telnyx-webhooks",
    },
  };
}

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

export interface LegOptions {
  callControlId?: string;
  callLegId?: string;
  callSessionId?: string;
  connectionId?: string;
  from: string;
  to: string;
  direction: "incoming" | "outgoing";
  clientState?: string | null;
}

/**
 * One call leg as Telnyx reports it. `clientState` is echoed in every event once set (Telnyx
 * echoes the client_state of the answer or dial command that created or answered the leg).
 */
export class CallLeg {
  readonly callControlId: string;
  readonly callLegId: string;
  readonly callSessionId: string;
  readonly connectionId: string;
  clientState: string | null;
  startTime: Date | null = null;

  constructor(readonly options: LegOptions) {
    const n = randomUUID();
    this.callControlId = options.callControlId ?? `v3:leg-${n}`;
    this.callLegId = options.callLegId ?? `leg-${n}`;
    this.callSessionId = options.callSessionId ?? `session-${n}`;
    this.connectionId = options.connectionId ?? "1684641123236054244";
    this.clientState = options.clientState ?? null;
  }

  private base() {
    return {
      call_control_id: this.callControlId,
      call_leg_id: this.callLegId,
      call_session_id: this.callSessionId,
      client_state: this.clientState,
      connection_id: this.connectionId,
      from: this.options.from,
      to: this.options.to,
      direction: this.options.direction,
    };
  }

  initiated(time: Date): TelnyxEnvelope {
    this.startTime ??= time;
    return envelope(
      "call.initiated",
      { ...this.base(), caller_id_name: this.options.from, start_time: time.toISOString(), state: this.options.direction === "incoming" ? "parked" : "bridging" },
      time,
    );
  }

  answered(time: Date): TelnyxEnvelope {
    return envelope("call.answered", { ...this.base(), start_time: (this.startTime ?? time).toISOString(), state: "answered" }, time);
  }

  bridged(time: Date): TelnyxEnvelope {
    return envelope("call.bridged", { ...this.base(), state: "bridged" }, time);
  }

  hangup(time: Date, cause = "normal_clearing", source: "caller" | "callee" | "unknown" = "caller"): TelnyxEnvelope {
    return envelope(
      "call.hangup",
      {
        ...this.base(),
        hangup_cause: cause,
        hangup_source: source,
        sip_hangup_cause: cause === "normal_clearing" ? "200" : cause === "user_busy" ? "486" : "487",
        start_time: (this.startTime ?? time).toISOString(),
        end_time: time.toISOString(),
        state: "hangup",
        call_quality_stats: null,
      },
      time,
    );
  }

  /** Answering-machine detection's verdict (dialed with answering_machine_detection). */
  machineDetectionEnded(time: Date, result: "human" | "machine" | "not_sure"): TelnyxEnvelope {
    return envelope("call.machine.detection.ended", { ...this.base(), result }, time);
  }

  /** The machine's greeting is over (detect_beep): a voicemail can be left now. */
  machineGreetingEnded(time: Date, result: "beep_detected" | "ended" | "not_sure" = "beep_detected"): TelnyxEnvelope {
    return envelope("call.machine.greeting.ended", { ...this.base(), result }, time);
  }

  /** A gather's end: `digits` pressed ("" for none) and why it ended. */
  gatherEnded(time: Date, digits: string, status: "valid" | "invalid" | "timeout" | "call_hangup" | "cancelled" = digits ? "valid" : "timeout"): TelnyxEnvelope {
    return envelope("call.gather.ended", { ...this.base(), digits, status }, time);
  }

  speakEnded(time: Date, status: "completed" | "call_hangup" | "interrupted" = "completed"): TelnyxEnvelope {
    return envelope("call.speak.ended", { ...this.base(), status }, time);
  }

  playbackEnded(time: Date, status: "completed" | "call_hangup" | "interrupted" = "completed"): TelnyxEnvelope {
    return envelope("call.playback.ended", { ...this.base(), media_url: null, overlay: false, status }, time);
  }

  /** `mp3Url`: where the recording can really be downloaded (a local recording host in tests). */
  recordingSaved(time: Date, recordingStartedAt: Date, recordingEndedAt: Date = time, mp3Url?: string): TelnyxEnvelope {
    const id = randomUUID();
    const url = (ext: string) =>
      ext === "mp3" && mp3Url ? mp3Url : `https://s3.amazonaws.com/telephony-recorder-prod/fake/${id}.${ext}?X-Amz-Signature=fake`;
    return envelope(
      "call.recording.saved",
      {
        ...this.base(),
        recording_id: id,
        channels: "dual",
        recording_started_at: recordingStartedAt.toISOString(),
        recording_ended_at: recordingEndedAt.toISOString(),
        recording_urls: { mp3: url("mp3"), wav: url("wav") },
        public_recording_urls: { mp3: null, wav: null },
        start_time: (this.startTime ?? recordingStartedAt).toISOString(),
        end_time: recordingEndedAt.toISOString(),
      },
      time,
    );
  }
}

/** An inbound SMS or MMS, as `message.received` delivers it. */
export function messageReceived(options: {
  from: string;
  to: string;
  text: string;
  at: Date;
  media?: { url: string; content_type: string; size: number }[];
  messageId?: string;
  messagingProfileId?: string;
}): TelnyxEnvelope {
  const media = options.media ?? [];
  return envelope(
    "message.received",
    {
      id: options.messageId ?? randomUUID(),
      record_type: "message",
      direction: "inbound",
      type: media.length ? "MMS" : "SMS",
      messaging_profile_id: options.messagingProfileId ?? "40017f8e-49bd-4f16-9e3d-ef103f916228",
      from: { phone_number: options.from, carrier: "T-Mobile USA", line_type: "Wireless" },
      to: [{ phone_number: options.to, status: "webhook_delivered", carrier: "Telnyx", line_type: "Wireless" }],
      text: options.text,
      media: media.map((m) => ({ ...m, hash_sha256: null })),
      received_at: options.at.toISOString(),
      sent_at: null,
      completed_at: null,
      errors: [],
      encoding: "GSM-7",
      parts: 1,
    },
    options.at,
  );
}

/** `message.sent` / `message.finalized` for an outbound message. */
export function messageStatus(
  eventType: "message.sent" | "message.finalized",
  options: {
    messageId: string;
    from: string;
    to: string;
    status: string;
    at: Date;
    text?: string;
    errors?: { code: string; title: string; detail?: string }[];
  },
): TelnyxEnvelope {
  return envelope(
    eventType,
    {
      id: options.messageId,
      record_type: "message",
      direction: "outbound",
      type: "SMS",
      from: { phone_number: options.from, carrier: "Telnyx", line_type: "Wireless" },
      to: [{ phone_number: options.to, status: options.status, carrier: "T-Mobile USA", line_type: "Wireless" }],
      text: options.text ?? "",
      media: [],
      sent_at: at(options.at, -1).toISOString(),
      completed_at: eventType === "message.finalized" ? options.at.toISOString() : null,
      errors: options.errors ?? [],
      parts: 1,
    },
    options.at,
  );
}
