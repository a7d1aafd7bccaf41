export type ProviderErrorKind = "timeout" | "connection" | "rejected" | "server" | "invalid_response";

export interface ProviderErrorOptions {
  /**
   * false: the message is used as given. Telnyx's already name the operation and Telnyx
   * ("dial: Telnyx 422: …") and are shown to the user that way; the others get `provider: `.
   */
  prefix?: boolean;
}

/**
 * A provider request that failed, from any provider (Telnyx, the AI providers, the recording
 * download). `permanent` ones (4xx other than 408/429, unusable answers) are not worth retrying;
 * the pipeline still records them on the call.
 */
export class ProviderError extends Error {
  constructor(
    public readonly provider: string,
    message: string,
    public readonly kind: ProviderErrorKind,
    public readonly httpStatus: number | null,
    public readonly permanent: boolean,
    options: ProviderErrorOptions = {},
  ) {
    super(options.prefix === false ? message : `${provider}: ${message}`);
    this.name = "ProviderError";
  }
}

/** Whether an HTTP status means "do not retry". */
export function isPermanentStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}
