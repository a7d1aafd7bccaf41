import { getServerSession } from "next-auth";
import { authOptions } from "./config";

/** The signed-in session in Server Components and route handlers, or null. */
export function getServerAuthSession() {
  return getServerSession(authOptions);
}
