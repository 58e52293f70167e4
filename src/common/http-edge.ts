import { ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config.js';
import { AppExceptionFilter } from './app-exception.filter.js';
import { refuseReservedJsonKeys, refuseReservedQueryKeys } from './reserved-keys.js';

/**
 * The HTTP edge every request passes before a controller: the query parser, the refusal of reserved
 * keys, the JSON body parser and its limit, helmet, CORS, the ValidationPipe and the error filter.
 * `createApp` applies it, and so do the controller specs, so they test exactly the real edge.
 * The app must be created with `bodyParser: false` (the JSON parser is added here, with its reviver).
 */
export function applyHttpEdge(app: NestExpressApplication, config: AppConfig): void {
  app.set('query parser', 'simple');
  // The client behind a reverse proxy (req.ip), as the rate limit counts it; off unless TRUST_PROXY names the proxies.
  app.set('trust proxy', config.http.trustProxy);
  app.use(refuseReservedQueryKeys);
  app.useBodyParser('json', { limit: `${config.http.bodyLimitMb}mb`, reviver: refuseReservedJsonKeys });
  app.use(helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:', 'blob:'] } } }));
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({ origin: config.http.corsOrigins, methods: ['GET', 'HEAD', 'OPTIONS'], maxAge: 600 });
  }
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, transformOptions: { enableImplicitConversion: false } }),
  );
  app.useGlobalFilters(new AppExceptionFilter());
}
