import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IHeaders } from 'kafkajs';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { KafkaProducerService } from './kafka-producer.service.js';
import { DEAD_LETTER_HEADERS } from './topics.js';
import type { RawMovieRecord } from './raw-movie-record.js';
import type { MessageErrorCode } from './message-error-code.js';

export interface DeadLetter {
  record: RawMovieRecord;
  code: MessageErrorCode;
  reason: string;
}

// Leave room for headers under Kafka's default 1 MiB message limit.
const MAX_VALUE_BYTES = 900 * 1024;

/** Sends refused messages, byte for byte, to the dead-letter topic with why they were refused. */
@Injectable()
export class DeadLetterPublisher {
  private readonly logger = new Logger(DeadLetterPublisher.name);
  private readonly topic: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly kafka: KafkaProducerService,
  ) {
    this.topic = config.kafka.topics.deadLetter;
  }

  async publish(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const failedAt = new Date().toISOString();
    await this.kafka.send(
      this.topic,
      letters.map(({ record, code, reason }) => {
        const truncated = record.value !== null && record.value.length > MAX_VALUE_BYTES;
        const headers: IHeaders = {
          ...record.headers,
          [DEAD_LETTER_HEADERS.code]: code,
          [DEAD_LETTER_HEADERS.reason]: reason.slice(0, 2000),
          [DEAD_LETTER_HEADERS.sourceTopic]: record.topic,
          [DEAD_LETTER_HEADERS.sourcePartition]: String(record.partition),
          [DEAD_LETTER_HEADERS.sourceOffset]: record.offset,
          [DEAD_LETTER_HEADERS.failedAt]: failedAt,
          ...(truncated ? { 'x-dlq-truncated-from-bytes': String(record.value?.length) } : {}),
        };
        return { key: record.key, value: truncated ? record.value!.subarray(0, MAX_VALUE_BYTES) : record.value, headers };
      }),
    );
    for (const { record, code, reason } of letters) {
      this.logger.warn(`Dead-lettered ${record.topic}/${record.partition}@${record.offset} (${code}): ${reason.slice(0, 300)}`);
    }
  }
}
