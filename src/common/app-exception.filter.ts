import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { AppError, AppErrorCode } from './app-error.js';

/**
 * Turns domain errors into `{ statusCode, error, code, message, ...details }` and keeps
 * Nest's own HTTP exceptions (400s from validation) as they are. Anything else is a 500
 * whose details stay in the log, never in the answer.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(AppExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof AppError) {
      // A 503 is temporary (the read model is loading, a dependency is down): say when to ask again.
      if (exception.status === HttpStatus.SERVICE_UNAVAILABLE) response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_S));
      response
        .status(exception.status)
        .json({ statusCode: exception.status, error: HttpStatus[exception.status], code: exception.code, message: exception.message, ...exception.details });
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      response.status(exception.getStatus()).json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    const status = statusOfBodyParserError(exception);
    if (status) {
      response.status(status).json({ statusCode: status, error: HttpStatus[status], message: (exception as Error).message });
      return;
    }
    if (isDatabaseUnreachable(exception)) {
      // Not a bug in the request nor in the code: the database is down or failing over. Say so, and when to retry.
      this.logger.warn(`Database unreachable: ${(exception as Error).message}`);
      response.status(HttpStatus.SERVICE_UNAVAILABLE).setHeader('Retry-After', String(DATABASE_RETRY_AFTER_S)).json({
        statusCode: 503,
        error: 'SERVICE_UNAVAILABLE',
        code: AppErrorCode.SERVICE_UNAVAILABLE,
        message: 'The database is unreachable; try again shortly',
      });
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ statusCode: 500, error: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
  }
}

/** body-parser signals its own 4xx (413 too large, 400 bad JSON) through `status` on the error. */
function statusOfBodyParserError(error: unknown): number | undefined {
  const status = (error as { status?: unknown; type?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

const DATABASE_RETRY_AFTER_S = 5;
/** The driver's and mongoose's errors for "no server to talk to" (down, unreachable, failing over, timed out waiting). */
const UNREACHABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/** True for an error that means the database could not be reached, rather than that it refused the operation. */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (UNREACHABLE.has(error.name)) return true;
  // mongoose queues operations while disconnected and gives up after bufferTimeoutMS.
  return error.name === 'MongooseError' && /buffering timed out/.test(error.message);
}
