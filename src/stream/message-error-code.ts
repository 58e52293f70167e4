/**
 * Why a message was refused. Every code here is permanent: the message goes to the
 * dead-letter topic with the code as its reason and the partition moves on.
 * Infrastructure failures (MongoDB down, timeouts) are not codes: they pause the
 * partition and retry, leaving the offset uncommitted.
 */
export enum MessageErrorCode {
  EMPTY = 'EMPTY',
  NOT_JSON = 'NOT_JSON',
  NOT_AN_OBJECT = 'NOT_AN_OBJECT',
  UNKNOWN_SCHEMA_VERSION = 'UNKNOWN_SCHEMA_VERSION',
  SCHEMA_INVALID = 'SCHEMA_INVALID',
  KEY_MISMATCH = 'KEY_MISMATCH',
  TOO_LARGE = 'TOO_LARGE',
  REJECTED_BY_DATABASE = 'REJECTED_BY_DATABASE',
}
