export type ProviderErrorKind = "timeout" | "connection" | "rejected" | "server" | "invalid_response";

/**
 * A provider request that failed. `permanent` ones (4xx other than 408/429, unusable answers)
 * are not worth retrying; the pipeline still records them on the call.
 */
export class ProviderError extends Error {
  constructor(
    public readonly provider: string,
    message: string,
    public readonly kind: ProviderErrorKind,
    public readonly httpStatus: number | null,
    public readonly permanent: boolean,
  ) {
    super(`${provider}: ${message}`);
    this.name = "ProviderError";
  }
}

/** Whether an HTTP status means "do not retry". */
export function isPermanentStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}
