import { HttpStatus } from '@nestjs/common';

/** Every domain error the API can answer with. The one map below decides its HTTP status. */
export enum AppErrorCode {
  JOB_CONFLICT = 'JOB_CONFLICT',
  JOB_NOT_FOUND = 'JOB_NOT_FOUND',
  JOB_NOT_CANCELLABLE = 'JOB_NOT_CANCELLABLE',
  JOB_NOT_RESUMABLE = 'JOB_NOT_RESUMABLE',
  UPLOAD_TOO_LARGE = 'UPLOAD_TOO_LARGE',
  UPLOAD_EMPTY = 'UPLOAD_EMPTY',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  TMDB_NOT_CONFIGURED = 'TMDB_NOT_CONFIGURED',
  ADMIN_KEY_NOT_CONFIGURED = 'ADMIN_KEY_NOT_CONFIGURED',
  API_KEY_MISSING = 'API_KEY_MISSING',
  API_KEY_WRONG = 'API_KEY_WRONG',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

const STATUS_OF: Record<AppErrorCode, HttpStatus> = {
  [AppErrorCode.JOB_CONFLICT]: HttpStatus.CONFLICT,
  [AppErrorCode.JOB_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [AppErrorCode.JOB_NOT_CANCELLABLE]: HttpStatus.CONFLICT,
  [AppErrorCode.JOB_NOT_RESUMABLE]: HttpStatus.CONFLICT,
  [AppErrorCode.UPLOAD_TOO_LARGE]: HttpStatus.PAYLOAD_TOO_LARGE,
  [AppErrorCode.UPLOAD_EMPTY]: HttpStatus.BAD_REQUEST,
  [AppErrorCode.UNSUPPORTED_MEDIA_TYPE]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [AppErrorCode.TMDB_NOT_CONFIGURED]: HttpStatus.UNPROCESSABLE_ENTITY,
  [AppErrorCode.ADMIN_KEY_NOT_CONFIGURED]: HttpStatus.UNAUTHORIZED,
  [AppErrorCode.API_KEY_MISSING]: HttpStatus.UNAUTHORIZED,
  [AppErrorCode.API_KEY_WRONG]: HttpStatus.FORBIDDEN,
  [AppErrorCode.SERVICE_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
};

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): HttpStatus {
    return STATUS_OF[this.code];
  }
}
