import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A minimal in-memory S3 on 127.0.0.1:0 for the real `@aws-sdk/client-s3` with path-style
 * addressing: PutObject, CopyObject, CreateMultipartUpload / UploadPart /
 * CompleteMultipartUpload / AbortMultipartUpload, HeadObject, GetObject (with Range),
 * DeleteObject and HeadBucket on one bucket. It does not verify SigV4 signatures, but refuses requests whose
 * Authorization header does not name its access key id.
 */

export interface FakeS3Object {
  body: Buffer;
  contentType: string;
  /** x-amz-meta-* headers, without the prefix. */
  metadata: Record<string, string>;
  etag: string;
  lastModified: Date;
}

export type FakeS3Operation =
  | "PutObject"
  | "CopyObject"
  | "CreateMultipartUpload"
  | "UploadPart"
  | "CompleteMultipartUpload"
  | "AbortMultipartUpload"
  | "HeadObject"
  | "GetObject"
  | "DeleteObject"
  | "HeadBucket";

export interface FakeS3Request {
  operation: FakeS3Operation | "unknown";
  method: string;
  key: string;
  range: string | null;
  status: number;
}

export interface FakeS3 {
  /** S3_ENDPOINT. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Stored objects by key (read or seed them directly). */
  objects: Map<string, FakeS3Object>;
  /** Every request answered, in order. */
  requests: FakeS3Request[];
  /** Multipart uploads created and neither completed nor aborted. */
  openUploads(): number;
  /** The next request of this operation answers `status` with an S3 error body (FIFO). */
  failNext(operation: FakeS3Operation, status: number, code?: string): void;
  close(): Promise<void>;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;

const md5 = (data: Buffer) => createHash("md5").update(data).digest("hex");

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function metadataOf(req: IncomingMessage): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith("x-amz-meta-") && typeof value === "string") metadata[name.slice("x-amz-meta-".length)] = value;
  }
  return metadata;
}

function objectHeaders(object: FakeS3Object): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": object.contentType,
    etag: `"${object.etag}"`,
    "last-modified": object.lastModified.toUTCString(),
    "accept-ranges": "bytes",
  };
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

export async function startFakeS3(options: { bucket?: string; region?: string; accessKeyId?: string } = {}): Promise<FakeS3> {
  const bucket = options.bucket ?? "recordings-test";
  const region = options.region ?? "us-east-1";
  const accessKeyId = options.accessKeyId ?? `AKIAFAKE${randomUUID().replace(/-/g, "").slice(0, 12).toUpperCase()}`;
  const secretAccessKey = randomUUID();
  const objects = new Map<string, FakeS3Object>();
  const uploads = new Map<string, { key: string; contentType: string; metadata: Record<string, string>; parts: Map<number, Buffer> }>();
  const requests: FakeS3Request[] = [];
  const failures: { operation: FakeS3Operation; status: number; code: string }[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const [, bucketName = "", ...rest] = url.pathname.split("/");
    const key = rest.map(decodeURIComponent).join("/");
    const q = url.searchParams;
    const method = req.method ?? "GET";
    const operation: FakeS3Operation | "unknown" =
      method === "PUT" && q.has("uploadId") && q.has("partNumber") ? "UploadPart"
      : method === "PUT" && req.headers["x-amz-copy-source"] ? "CopyObject"
      : method === "PUT" ? "PutObject"
      : method === "POST" && q.has("uploads") ? "CreateMultipartUpload"
      : method === "POST" && q.has("uploadId") ? "CompleteMultipartUpload"
      : method === "DELETE" && q.has("uploadId") ? "AbortMultipartUpload"
      : method === "DELETE" ? "DeleteObject"
      : method === "HEAD" && !key ? "HeadBucket"
      : method === "HEAD" ? "HeadObject"
      : method === "GET" ? "GetObject"
      : "unknown";
    const range = typeof req.headers.range === "string" ? req.headers.range : null;
    const body = await readBody(req);

    const send = (status: number, headers: Record<string, string>, payload?: Buffer | string) => {
      requests.push({ operation, method, key, range, status });
      res.writeHead(status, { "x-amz-request-id": randomUUID(), ...headers });
      res.end(method === "HEAD" ? undefined : payload);
    };
    const xml = (status: number, inner: string, headers: Record<string, string> = {}) =>
      send(status, { "content-type": "application/xml", ...headers }, `<?xml version="1.0" encoding="UTF-8"?>\n${inner}`);
    const error = (status: number, code: string, message: string) =>
      xml(status, `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><Key>${xmlEscape(key)}</Key></Error>`);

    const authorization = req.headers.authorization ?? "";
    if (!authorization.includes(`Credential=${accessKeyId}/`)) {
      return error(403, "InvalidAccessKeyId", "The AWS access key Id you provided does not exist in our records.");
    }
    if (bucketName !== bucket) return error(404, "NoSuchBucket", "The specified bucket does not exist.");
    if (operation === "unknown" || (!key && operation !== "HeadBucket")) return error(501, "NotImplemented", `${method} ${url.pathname} is not implemented by the fake.`);
    if (String(req.headers["content-encoding"] ?? "").includes("aws-chunked")) {
      return error(501, "NotImplemented", "aws-chunked bodies are not supported by the fake.");
    }
    const failure = failures.findIndex((f) => f.operation === operation);
    if (failure >= 0) {
      const [f] = failures.splice(failure, 1);
      return error(f!.status, f!.code, "Scripted failure.");
    }

    const contentType = req.headers["content-type"] ?? "binary/octet-stream";
    switch (operation) {
      case "HeadBucket":
        return send(200, { "x-amz-bucket-region": region });
      case "PutObject": {
        const object = { body, contentType, metadata: metadataOf(req), etag: md5(body), lastModified: new Date() };
        objects.set(key, object);
        return send(200, { etag: `"${object.etag}"` });
      }
      case "CopyObject": {
        const source = decodeURIComponent(String(req.headers["x-amz-copy-source"]).replace(/^\//, ""));
        const sourceKey = source.startsWith(`${bucket}/`) ? source.slice(bucket.length + 1) : null;
        const from = sourceKey === null ? undefined : objects.get(sourceKey);
        if (!from) return error(404, "NoSuchKey", "The specified key does not exist.");
        const replace = req.headers["x-amz-metadata-directive"] === "REPLACE";
        if (sourceKey === key && !replace) {
          return error(400, "InvalidRequest", "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata.");
        }
        const object = {
          body: from.body,
          contentType: replace ? contentType : from.contentType,
          metadata: replace ? metadataOf(req) : { ...from.metadata },
          etag: from.etag,
          lastModified: new Date(),
        };
        objects.set(key, object);
        return xml(200, `<CopyObjectResult><ETag>"${object.etag}"</ETag><LastModified>${object.lastModified.toISOString()}</LastModified></CopyObjectResult>`);
      }
      case "CreateMultipartUpload": {
        const uploadId = randomUUID();
        uploads.set(uploadId, { key, contentType, metadata: metadataOf(req), parts: new Map() });
        return xml(200, `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`);
      }
      case "UploadPart": {
        const upload = uploads.get(q.get("uploadId")!);
        if (!upload || upload.key !== key) return error(404, "NoSuchUpload", "The specified upload does not exist.");
        upload.parts.set(Number(q.get("partNumber")), body);
        return send(200, { etag: `"${md5(body)}"` });
      }
      case "CompleteMultipartUpload": {
        const uploadId = q.get("uploadId")!;
        const upload = uploads.get(uploadId);
        if (!upload || upload.key !== key) return error(404, "NoSuchUpload", "The specified upload does not exist.");
        const numbers = [...body.toString("utf8").matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => Number(m[1]));
        const parts = numbers.map((n) => upload.parts.get(n));
        if (numbers.length === 0 || parts.some((p) => !p)) return error(400, "InvalidPart", "One or more of the specified parts could not be found.");
        if (parts.slice(0, -1).some((p) => p!.length < MIN_PART_SIZE)) {
          return error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.");
        }
        const whole = Buffer.concat(parts as Buffer[]);
        const object = {
          body: whole,
          contentType: upload.contentType,
          metadata: upload.metadata,
          etag: `${md5(Buffer.from(parts.map((p) => md5(p!)).join(""), "hex"))}-${parts.length}`,
          lastModified: new Date(),
        };
        objects.set(key, object);
        uploads.delete(uploadId);
        return xml(200, `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${xmlEscape(key)}</Key><ETag>"${object.etag}"</ETag></CompleteMultipartUploadResult>`);
      }
      case "AbortMultipartUpload": {
        if (!uploads.delete(q.get("uploadId")!)) return error(404, "NoSuchUpload", "The specified upload does not exist.");
        return send(204, {});
      }
      case "DeleteObject":
        objects.delete(key);
        return send(204, {});
      case "HeadObject":
      case "GetObject": {
        const object = objects.get(key);
        // HEAD errors have no body; the SDK then names the error after the status ("NotFound").
        if (!object) return error(404, "NoSuchKey", "The specified key does not exist.");
        const headers = objectHeaders(object);
        const size = object.body.length;
        const match = range ? /^bytes=(\d+)-(\d*)$/.exec(range) : null;
        if (operation === "GetObject" && match) {
          const start = Number(match[1]);
          const end = Math.min(match[2] ? Number(match[2]) : size - 1, size - 1);
          if (start >= size || end < start) return error(416, "InvalidRange", "The requested range is not satisfiable");
          const slice = object.body.subarray(start, end + 1);
          return send(206, { ...headers, "content-length": String(slice.length), "content-range": `bytes ${start}-${end}/${size}` }, slice);
        }
        return send(200, { ...headers, "content-length": String(size) }, object.body);
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(err));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region,
    accessKeyId,
    secretAccessKey,
    objects,
    requests,
    openUploads: () => uploads.size,
    failNext(operation, status, code = status >= 500 ? "InternalError" : "AccessDenied") {
      failures.push({ operation, status, code });
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
