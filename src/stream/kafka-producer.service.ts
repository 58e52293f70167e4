import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CompressionTypes, Partitioners, type Message, type Producer, type RecordMetadata } from 'kafkajs';
import { APP_CONFIG } from '../config/config.module.js';
import { roleRuns, type AppConfig } from '../config/app-config.js';
import { createKafka } from './kafka.factory.js';
import { KafkaTlsWatch } from './kafka-tls.js';

/**
 * The one kafkajs producer of a process: idempotent, acks from all in-sync replicas.
 * Its retry budget is seconds; callers that must not lose data (ingest jobs) re-send.
 */
@Injectable()
export class KafkaProducerService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaProducerService.name);
  private readonly producer: Producer;
  /** A TLS failure ends a connect at once instead of after kafkajs's retries. */
  private readonly tls: KafkaTlsWatch;
  private connected?: Promise<void>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.tls = new KafkaTlsWatch(config.kafka);
    this.producer = createKafka(config.kafka, 'producer', this.logger, this.tls).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // murmur2 on the key, as the Java client: a movie's partition is the same whichever client produced it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.producer.on('producer.disconnect', () => {
      this.connected = undefined;
    });
  }

  /** Consuming processes connect at boot; an `api` replica connects on its first send (reads never need Kafka). */
  async onModuleInit(): Promise<void> {
    if (roleRuns(this.config).consumer) await this.ensureConnected();
  }

  async send(topic: string, messages: Message[]): Promise<RecordMetadata[]> {
    if (messages.length === 0) return [];
    await this.ensureConnected();
    return this.producer.send({ topic, messages, acks: -1, timeout: 30_000, compression: CompressionTypes.None });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect().catch((error: Error) => this.logger.warn(`Kafka producer did not disconnect cleanly: ${error.message}`));
  }

  private ensureConnected(): Promise<void> {
    this.connected ??= this.tls.guard(this.producer.connect()).catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }
}
