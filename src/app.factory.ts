import { ConsoleLogger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { roleRuns, type AppConfig } from './config/app-config.js';
import { AppModule } from './app.module.js';
import { FRESHNESS_CONTRACT } from './analytics/questions/question.js';
import { KafkaBatchServer } from './stream/kafka-batch.transport.js';
import { consumedRoutes } from './stream/topics.js';
import { StreamMetrics } from './stream/stream.metrics.js';
import { ConsumerStatus } from './stream/consumer.status.js';
import { applyHttpEdge } from './common/http-edge.js';

/**
 * Builds the whole application — HTTP API plus, unless the role is `api`, the Kafka
 * consumer — exactly as `main.ts` runs it. Tests boot it through here too.
 */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
    // A boot that fails before the pino logger is ready still logs JSON lines, and its error
    // reaches the caller (main prints one line and exits) instead of Nest exiting the process.
    logger: new ConsoleLogger({ json: !config.log.pretty, colors: config.log.pretty }),
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  applyHttpEdge(app, config);
  setupOpenApi(app);

  if (roleRuns(config).consumer) {
    const metrics = app.get(StreamMetrics);
    const status = app.get(ConsumerStatus);
    app.connectMicroservice(
      {
        strategy: new KafkaBatchServer({
          kafka: config.kafka,
          routes: consumedRoutes(config.kafka),
          partitionsConsumedConcurrently: Math.min(config.kafka.partitions, 4),
          onCommitted: ({ topic, partition, lag }) => metrics.lag.set({ topic, partition: String(partition) }, lag),
          onRetry: ({ topic, partition, error }) => {
            metrics.recordRetry();
            status.failed(topic, partition, error);
          },
          onRetriesEnded: ({ topic, partition }) => status.settled(topic, partition),
        }),
      },
      { inheritAppConfig: true },
    );
    // Init first: topics are created and handlers registered before the consumer subscribes.
    await app.init();
    await app.startAllMicroservices();
  }
  return app;
}

function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Movie analytics API')
      .setDescription(
        `What audiences love and what pays: movie analytics over TMDB data, answered from each serving process's read model of the movies. Freshness: ${FRESHNESS_CONTRACT}`,
      )
      .setVersion('1')
      .addApiKey({ type: 'apiKey', name: 'x-api-key', in: 'header' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
