/** Why a TMDB call failed. The ingest decides per code: stop the job (no credential) or record the item and go on. */
export enum TmdbErrorCode {
  /** Every configured key was refused (401), or none is configured. */
  NO_USABLE_KEY = 'NO_USABLE_KEY',
  /** TMDB refused the request itself (403), whatever the key. */
  UNAUTHORIZED = 'UNAUTHORIZED',
  /** Still 429 after the last attempt. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** Still no answer within the timeout after the last attempt. */
  TIMEOUT = 'TIMEOUT',
  /** Connection refused, reset or DNS failure after the last attempt. */
  NETWORK = 'NETWORK',
  /** Still 5xx after the last attempt. */
  SERVER_ERROR = 'SERVER_ERROR',
  /** 404: the movie (or path) does not exist; never retried. */
  NOT_FOUND = 'NOT_FOUND',
  /** 400/422 and other 4xx: the request is wrong (page past the cap, date range too long); never retried. */
  INVALID_REQUEST = 'INVALID_REQUEST',
  /** 2xx whose body is not JSON or not the shape TMDB documents. */
  BAD_RESPONSE = 'BAD_RESPONSE',
}

export interface TmdbErrorDetails {
  /** The path and non-secret query, e.g. `/movie/550`. */
  operation: string;
  status?: number;
  attempts?: number;
}

/** A failed TMDB call. Messages name the operation and the limit, and never a key or a URL that carries one. */
export class TmdbError extends Error {
  constructor(
    readonly code: TmdbErrorCode,
    message: string,
    readonly details: TmdbErrorDetails,
  ) {
    super(message);
    this.name = 'TmdbError';
  }
}
