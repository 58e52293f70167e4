import { Inject, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import { roleRuns, type AppConfig } from '../config/app-config.js';
import { MoviesModule } from '../movies/movies.module.js';
import { PipelineModule } from '../pipeline/pipeline.module.js';
import { ChangelogPublisher } from './changelog.publisher.js';
import { KafkaProducerService } from './kafka-producer.service.js';
import { KafkaAdminService } from './kafka-admin.service.js';
import { MovieProducer } from './movie.producer.js';
import { DeadLetterPublisher } from './dead-letter.publisher.js';
import { MoviePersister } from './movie-persister.service.js';
import { MovieConsumer } from './movie.consumer.js';
import { StreamMetrics } from './stream.metrics.js';
import { ConsumerStatus } from './consumer.status.js';

@Module({
  imports: [MoviesModule, PipelineModule],
  controllers: [MovieConsumer],
  providers: [KafkaProducerService, KafkaAdminService, MovieProducer, DeadLetterPublisher, ChangelogPublisher, MoviePersister, StreamMetrics, ConsumerStatus],
  exports: [MovieProducer, KafkaAdminService, StreamMetrics, ConsumerStatus],
})
export class StreamModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(StreamModule.name);
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly admin: KafkaAdminService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Required topics exist before anything produces or consumes. A process that consumes waits
   * for them (it cannot work without Kafka, and a boot that fails says why). An `api` replica
   * serves reads without Kafka: it starts anyway, reports Kafka down on /health, and keeps
   * trying in the background.
   */
  async onModuleInit(): Promise<void> {
    if (roleRuns(this.config).consumer) return this.admin.ensureTopics();
    this.ensureInBackground();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
  }

  private ensureInBackground(): void {
    this.admin.ensureTopics().then(
      () => (this.retry = undefined),
      (error: Error) => {
        this.logger.warn(`Kafka is not reachable yet (${error.message}); reads are served, ingest waits; retrying in ${RETRY_MS / 1000} s`);
        this.retry = setTimeout(() => this.ensureInBackground(), RETRY_MS);
        this.retry.unref();
      },
    );
  }
}

const RETRY_MS = 10_000;
