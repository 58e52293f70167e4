import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { MongoClient, type Db } from 'mongodb';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { expect } from 'vitest';
import { ReadModel } from '../../src/read-model/read-model.service.js';
import { expectEventually } from './expect-eventually.js';
import { KafkaTestClient } from './kafka-test-client.js';

export const TEST_ADMIN_KEY = 'e2e-admin-key-0123456789';
export const MONGO_BASE = 'mongodb://127.0.0.1:27017';
export const KAFKA_BROKERS = ['127.0.0.1:9092'];

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  http: TestAgent;
  /** The app's own database, for asserting what it wrote. */
  db: Db;
  kafka: KafkaTestClient;
  env: Record<string, string>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** Settings of one isolated test run: its own database, topics and consumer group. */
export function isolatedEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const run = randomBytes(4).toString('hex');
  return {
    MONGODB_URI: `${MONGO_BASE}/e2e_${run}`,
    KAFKA_BROKERS: KAFKA_BROKERS.join(','),
    KAFKA_TOPIC_MOVIES: `e2e-${run}.movies.v1`,
    KAFKA_TOPIC_DEAD_LETTER: `e2e-${run}.movies.dlq.v1`,
    KAFKA_TOPIC_CHANGELOG: `e2e-${run}.movies.changelog.v1`,
    KAFKA_GROUP_ID: `e2e-${run}`,
    KAFKA_TOPIC_PARTITIONS: '2',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    // A suite is one client making hundreds of requests a minute across every route, which one budget per
    // client would cut short; the limiter is tested in its own suite (security), which sets the limit.
    RATE_LIMIT_PER_MINUTE: '0',
    // Each BI suite gives its apps a database of their own (test/support/bi-database.ts); elsewhere the
    // replica is off, so that suites running side by side do not write into one shared database.
    BI_ENABLED: 'false',
    ...overrides,
  };
}

/** Boots the real application (HTTP + Kafka consumer) against the local services. */
export async function startTestApp(env: Record<string, string> = isolatedEnv()): Promise<TestApp> {
  const config = loadConfig(env);
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  // Answers start once the read model has loaded its snapshot (an empty database takes a moment too).
  if (config.role === 'all' || config.role === 'api')
    await expectEventually(async () => expect(app.get(ReadModel).status().state).toBe('ready'), { timeoutMs: 60_000 });
  const mongo = await MongoClient.connect(MONGO_BASE, { serverSelectionTimeoutMS: 5000 });
  const db = mongo.db(new URL(config.mongo.uri).pathname.slice(1));
  const kafka = new KafkaTestClient(config.kafka.brokers);
  return {
    app,
    config,
    http: request(app.getHttpServer()),
    db,
    kafka,
    env,
    async close({ keepData = false } = {}) {
      await app.close();
      if (!keepData) {
        await db.dropDatabase().catch(() => undefined);
        await kafka.deleteTopics(Object.values(config.kafka.topics)).catch(() => undefined);
      }
      await mongo.close();
    },
  };
}
