import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import type { KafkaTlsWatch } from './kafka-tls.js';

/** kafkajs settings from the validated config: TLS files and SASL credentials included; `tls` watches the sockets. */
export function kafkaClientConfig(config: AppConfig['kafka'], clientIdSuffix: string, logger?: Logger, tls?: KafkaTlsWatch): KafkaConfig {
  return {
    clientId: `${config.clientId}-${clientIdSuffix}`,
    brokers: config.brokers,
    ssl: config.ssl ? { rejectUnauthorized: true, ca: config.ssl.ca, cert: config.ssl.cert, key: config.ssl.key } : undefined,
    sasl: config.sasl ? ({ mechanism: config.sasl.mechanism, username: config.sasl.username, password: config.sasl.password } as SASLOptions) : undefined,
    connectionTimeout: 5000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 },
    logLevel: logLevel.WARN,
    logCreator: logger ? kafkaLogCreator(logger) : undefined,
    // Plaintext keeps kafkajs's own sockets; with TLS the watch's (the same, plus an error listener).
    socketFactory: config.ssl ? tls?.socketFactory : undefined,
  };
}

export function createKafka(config: AppConfig['kafka'], clientIdSuffix: string, logger?: Logger, tls?: KafkaTlsWatch): Kafka {
  return new Kafka(kafkaClientConfig(config, clientIdSuffix, logger, tls));
}

const EXPECTED_WARNINGS = ['Limiting retries for the idempotent producer', 'KafkaJS v2.0.0 switched default partitioner'];

/** kafkajs logs through the app's logger, so its lines carry the same format and level. */
function kafkaLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: { level: logLevel; log: { message: string; [key: string]: unknown } }) => {
      const { message, timestamp: _t, logger: _l, ...rest } = log;
      const line = `kafkajs: ${message} ${JSON.stringify(rest)}`;
      // Expected and handled: jobs re-send unacknowledged batches, and the partitioner is chosen explicitly.
      if (EXPECTED_WARNINGS.some((w) => message.startsWith(w))) logger.debug(line);
      else if (level === logLevel.ERROR) logger.error(line);
      else if (level === logLevel.WARN) logger.warn(line);
      else logger.debug(line);
    };
}
