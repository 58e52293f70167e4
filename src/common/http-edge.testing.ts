import type { INestApplication, Provider, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { loadConfig, type AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { applyHttpEdge } from './http-edge.js';

/**
 * For controller specs: the given controllers in a small Nest app behind the real HTTP edge
 * (applyHttpEdge, as createApp applies it), their services replaced by fakes. No Kafka, no MongoDB.
 * `env` holds settings as in the environment (e.g. ADMIN_API_KEY); everything else is the default.
 */
export async function edgeApp(options: { controllers: Type<unknown>[]; providers: Provider[]; env?: Record<string, string> }): Promise<{
  app: INestApplication;
  config: AppConfig;
}> {
  const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '0', ...options.env });
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config)],
    controllers: options.controllers,
    providers: options.providers,
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  applyHttpEdge(app, config);
  await app.init();
  return { app, config };
}

/** A 400's message as one text (validation lists every problem). */
export function messageOf(body: { message?: unknown }): string {
  return ([] as unknown[]).concat(body.message ?? []).join('; ');
}
