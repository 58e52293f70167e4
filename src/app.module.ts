import { Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { MetricsModule } from './common/metrics.module.js';
import { RateLimitModule } from './common/rate-limit.js';
import { MoviesModule } from './movies/movies.module.js';
import { StreamModule } from './stream/stream.module.js';
import { HealthModule } from './health/health.module.js';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import { WebModule } from './web/web.module.js';

const REDACTED_PATHS = ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'req.query.api_key'];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.log.level,
            transport: config.log.pretty
              ? {
                  target: 'pino-pretty',
                  options: { singleLine: true, ignore: 'pid,hostname,req,res,responseTime,reqId,context', messageFormat: '{if context}[{context}] {end}{msg}' },
                }
              : undefined,
            // For a person: the request line says it all (method, path, status, time); JSON lines keep the details.
            ...(config.log.pretty
              ? {
                  customSuccessMessage: (req: IncomingMessage, res: ServerResponse, ms: number) =>
                    `${req.method} ${req.url} ${res.statusCode} ${Math.round(ms)} ms`,
                  customErrorMessage: (req: IncomingMessage, res: ServerResponse, error: Error) =>
                    `${req.method} ${req.url} ${res.statusCode} ${error.message}`,
                }
              : {}),
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            genReqId: (req: IncomingMessage) => {
              const given = req.headers['x-request-id'];
              return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
            },
            autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' || req.url === '/metrics' },
          },
        }),
        MongooseModule.forRoot(config.mongo.uri, {
          serverSelectionTimeoutMS: config.mongo.serverSelectionTimeoutMs,
          // No queueing in mongoose while disconnected: an operation waits for a server at most
          // serverSelectionTimeoutMS, then fails (a read answers 503; the consumer backs off and retries).
          bufferCommands: false,
          autoIndex: true,
          autoCreate: true,
          // Backstop against operator injection: a `$`-key inside a query filter value is matched literally, never run.
          connectionFactory: (connection: Connection) => {
            connection.set('sanitizeFilter', true);
            return connection;
          },
        }),
        MetricsModule,
        RateLimitModule,
        MoviesModule,
        StreamModule,
        IngestModule,
        HealthModule,
        AnalyticsModule,
        WebModule,
      ],
    };
  }
}
