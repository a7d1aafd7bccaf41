import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { markPeerHeaderStamped, PEER_HEADER } from "~/server/auth/client-ip";
import { logger } from "~/server/logger";

/**
 * Replaces whatever PEER_HEADER the client sent with the socket's own address, so clientIp()
 * reads an address the client cannot choose. Raw headers too: nothing downstream may see the
 * client's copy.
 */
export function stampPeer(req: IncomingMessage): void {
  delete req.headers[PEER_HEADER];
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    if (raw[i]!.toLowerCase() === PEER_HEADER) raw.splice(i, 2);
  }
  const address = req.socket.remoteAddress;
  if (address) {
    req.headers[PEER_HEADER] = address;
    raw.push(PEER_HEADER, address);
  }
}

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** The HTTP server in front of the app: every request is stamped with its peer, then handled. */
export function createWebServer(handle: Handler): Server {
  markPeerHeaderStamped();
  return createServer((req, res) => {
    stampPeer(req);
    Promise.resolve()
      .then(() => handle(req, res))
      .catch((error: unknown) => {
        logger.error({ err: error, url: req.url }, "unhandled error in the web server");
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("Internal Server Error");
      });
  });
}
