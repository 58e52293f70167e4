import { Module, type OnModuleInit } from '@nestjs/common';
import { MoviesModule } from '../movies/movies.module.js';
import { KafkaProducerService } from './kafka-producer.service.js';
import { KafkaAdminService } from './kafka-admin.service.js';
import { MovieProducer } from './movie.producer.js';
import { DeadLetterPublisher } from './dead-letter.publisher.js';
import { MoviePersister } from './movie-persister.service.js';
import { MovieConsumer } from './movie.consumer.js';
import { StreamMetrics } from './stream.metrics.js';

@Module({
  imports: [MoviesModule],
  controllers: [MovieConsumer],
  providers: [KafkaProducerService, KafkaAdminService, MovieProducer, DeadLetterPublisher, MoviePersister, StreamMetrics],
  exports: [MovieProducer, KafkaAdminService, StreamMetrics],
})
export class StreamModule implements OnModuleInit {
  constructor(private readonly admin: KafkaAdminService) {}

  /** Required topics exist before anything produces or consumes. */
  async onModuleInit(): Promise<void> {
    await this.admin.ensureTopics();
  }
}
