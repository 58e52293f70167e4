import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';
import { AppError, AppErrorCode } from '../common/app-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

/**
 * Sheds load instead of queueing without end: at most ANALYTICS_MAX_IN_FLIGHT analytics requests
 * are worked on at once in a process (most finish within one turn of the event loop; those that
 * wait are waiting for the Spearman worker or for MongoDB); one more answers 503 with Retry-After.
 */
@Injectable()
export class InFlightLimit implements NestInterceptor {
  private inFlight = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.inFlight >= this.config.http.analyticsMaxInFlight)
      throw new AppError(
        AppErrorCode.SERVICE_UNAVAILABLE,
        `too many analytics requests in flight (${this.config.http.analyticsMaxInFlight}, ANALYTICS_MAX_IN_FLIGHT); try again shortly`,
      );
    this.inFlight++;
    return next.handle().pipe(finalize(() => this.inFlight--));
  }
}
