import { Injectable, Module, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { sameSecret } from './api-key.guard.js';

/**
 * Per-client request limit (429 + `Retry-After`): one budget per client across every route,
 * counted in this replica's memory. The client is `req.ip` (the proxy's client under
 * TRUST_PROXY). Everyone on one host shares an IP, so trusted tools (the load test, ops
 * scripts) send the admin key and are not counted.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** The stock key adds the controller and handler names, which gives a client a budget per route. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const config = this.options as ThrottlerModuleOptions & { appConfig?: AppConfig };
    const appConfig = config.appConfig;
    if (!appConfig || appConfig.http.rateLimitPerMinute === 0) return true;
    const key = context.switchToHttp().getRequest<Request>().headers['x-api-key'];
    if (typeof key === 'string' && appConfig.auth.adminApiKey && sameSecret(key, appConfig.auth.adminApiKey)) return true;
    return super.shouldSkip(context);
  }
}

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ ttl: 60_000, limit: Math.max(1, config.http.rateLimitPerMinute) }],
        errorMessage: `too many requests: at most ${config.http.rateLimitPerMinute} a minute per client (RATE_LIMIT_PER_MINUTE); see Retry-After`,
        appConfig: config,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
