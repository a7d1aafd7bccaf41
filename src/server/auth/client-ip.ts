/** The first X-Forwarded-For hop when behind a reverse proxy, else X-Real-IP. */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined> | undefined): string {
  const read = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return read("x-forwarded-for")?.split(",")[0]?.trim() || read("x-real-ip")?.trim() || "unknown";
}
