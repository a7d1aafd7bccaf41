import { getServerAuthSession } from "~/server/auth";
import { handleTrpcRequest } from "~/server/http/trpc";

export const dynamic = "force-dynamic";

const handler = (req: Request) => handleTrpcRequest(req, { session: getServerAuthSession });

export { handler as GET, handler as POST };
