/**
 * The server side of SCRAM-SHA-256 (RFC 5802 / RFC 7677), the password authentication
 * PostgreSQL uses by default and that node-postgres, libpq (psql, pgbench) and Prisma speak.
 * The wire proxy keeps only the verifier (salt, iterations, StoredKey, ServerKey), never the
 * password, and the password never crosses the socket: the client proves it knows it.
 *
 * No channel binding: the proxy serves plain TCP on loopback, so it offers only
 * "SCRAM-SHA-256" (not "-PLUS"), as PostgreSQL does without SSL.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";

export const SCRAM_MECHANISM = "SCRAM-SHA-256";
/** PostgreSQL's default scram_iterations. */
export const SCRAM_ITERATIONS = 4096;

export interface ScramVerifier {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

/**
 * What PostgreSQL stores in pg_authid for a SCRAM password. The password is used as its UTF-8
 * bytes: PostgreSQL first applies SASLprep, which leaves printable ASCII (our generated
 * base64url passwords) unchanged, and node-postgres does not apply it at all.
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = SCRAM_ITERATIONS): ScramVerifier {
  const salted = pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256");
  return {
    salt,
    iterations,
    storedKey: sha256(hmac(salted, "Client Key")),
    serverKey: hmac(salted, "Server Key"),
  };
}

/** A malformed SCRAM message: the connection ends with FATAL 08P01 (protocol violation). */
export class ScramProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScramProtocolError";
  }
}

/**
 * One SCRAM exchange. `userKnown` false runs the whole exchange anyway and fails at the end,
 * like PostgreSQL's mock authentication, so a wrong user name and a wrong password look the same.
 */
export class ScramExchange {
  private clientFirstBare = "";
  private serverFirst = "";
  private gs2Header = "";
  private nonce = "";

  constructor(
    private readonly verifier: ScramVerifier,
    private readonly userKnown: boolean,
  ) {}

  /** Takes the client-first-message, returns the server-first-message. */
  start(clientFirst: string): string {
    // gs2-header: "n,," (no channel binding), "y,," (client could bind, thinks we cannot),
    // "p=<type>,," (wants binding: we offered no -PLUS mechanism, so this is a violation).
    const flag = clientFirst[0];
    if (flag === "p") throw new ScramProtocolError("channel binding is not supported by the embedded database server");
    if ((flag !== "n" && flag !== "y") || clientFirst[1] !== ",") {
      throw new ScramProtocolError("malformed SCRAM message: unexpected channel-binding flag");
    }
    const authzidEnd = clientFirst.indexOf(",", 2);
    if (authzidEnd < 0) throw new ScramProtocolError("malformed SCRAM message: missing gs2 header");
    if (authzidEnd !== 2) throw new ScramProtocolError("client uses authorization identity, but it is not supported");
    this.gs2Header = clientFirst.slice(0, authzidEnd + 1);
    this.clientFirstBare = clientFirst.slice(authzidEnd + 1);

    const attrs = this.clientFirstBare.split(",");
    if (attrs[0]?.startsWith("m=")) throw new ScramProtocolError("client requires an unsupported SCRAM extension");
    // The user name inside SCRAM is ignored, as PostgreSQL does: the startup packet's counts.
    if (!attrs[0]?.startsWith("n=")) throw new ScramProtocolError("malformed SCRAM message: expected username");
    const clientNonce = attrs[1]?.startsWith("r=") ? attrs[1].slice(2) : "";
    if (!isPrintableNonce(clientNonce)) throw new ScramProtocolError("malformed SCRAM message: invalid client nonce");

    this.nonce = clientNonce + randomBytes(18).toString("base64");
    this.serverFirst = `r=${this.nonce},s=${this.verifier.salt.toString("base64")},i=${this.verifier.iterations}`;
    return this.serverFirst;
  }

  /**
   * Takes the client-final-message. Returns the server-final-message when the proof is right,
   * or null when authentication failed (wrong password or unknown user).
   */
  finish(clientFinal: string): string | null {
    if (!this.serverFirst) throw new ScramProtocolError("SCRAM final message before the first one");
    const proofAt = clientFinal.lastIndexOf(",p=");
    if (proofAt < 0) throw new ScramProtocolError("malformed SCRAM message: missing proof");
    const withoutProof = clientFinal.slice(0, proofAt);
    const attrs = withoutProof.split(",");
    const binding = attrs[0]?.startsWith("c=") ? attrs[0].slice(2) : null;
    if (binding !== Buffer.from(this.gs2Header, "utf8").toString("base64")) {
      throw new ScramProtocolError("SCRAM channel binding check failed");
    }
    if (attrs[1] !== `r=${this.nonce}`) throw new ScramProtocolError("SCRAM nonce does not match");
    const proof = Buffer.from(clientFinal.slice(proofAt + 3), "base64");
    if (proof.length !== 32) throw new ScramProtocolError("malformed SCRAM message: invalid proof");

    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.verifier.storedKey, authMessage);
    const clientKey = xor(proof, clientSignature);
    const matches = timingSafeEqual(sha256(clientKey), this.verifier.storedKey);
    if (!matches || !this.userKnown) return null;
    return `v=${hmac(this.verifier.serverKey, authMessage).toString("base64")}`;
  }
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

function sha256(data: Buffer): Buffer {
  return createHash("sha256").update(data).digest();
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.allocUnsafe(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** RFC 5802: printable ASCII except ",". */
function isPrintableNonce(nonce: string): boolean {
  return nonce.length > 0 && /^[\x21-\x2b\x2d-\x7e]+$/.test(nonce);
}
