import { Global, Inject, Injectable, Module, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { finalize, type Observable } from 'rxjs';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per app instance (tests run several apps in one process). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** Server-side latency by route template (never the raw URL: ids and queries would explode the label set). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
      registers: [registry],
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const started = process.hrtime.bigint();
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
    return next.handle().pipe(
      finalize(() => {
        // finalize runs before an exception filter sets the status; read it once the response is done.
        res.once('finish', () => {
          this.duration.observe({ method: req.method, route, status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
        });
      }),
    );
  }
}

@Global()
@Module({
  providers: [
    {
      provide: METRICS_REGISTRY,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
    { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
  ],
  exports: [METRICS_REGISTRY],
})
export class MetricsModule {}
