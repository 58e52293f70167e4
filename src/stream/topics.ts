import type { AppConfig } from '../config/app-config.js';

/**
 * Every Kafka name the service uses, in one place. Topic names come from config (tests
 * and tenants use their own); handlers bind to these logical patterns, which the
 * batch transport maps to the configured topics.
 */
export const MOVIE_BATCH_PATTERN = 'movie.batch';

export const DEAD_LETTER_HEADERS = {
  reason: 'x-dlq-reason',
  code: 'x-dlq-code',
  sourceTopic: 'x-dlq-source-topic',
  sourcePartition: 'x-dlq-source-partition',
  sourceOffset: 'x-dlq-source-offset',
  failedAt: 'x-dlq-failed-at',
} as const;

export const MESSAGE_HEADERS = { schemaVersion: 'schema-version', source: 'source', jobId: 'job-id' } as const;

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  configEntries: { name: string; value: string }[];
}

export function topicSpecs(config: AppConfig['kafka']): TopicSpec[] {
  const base = { replicationFactor: config.replicationFactor };
  return [
    // Keyed by TMDB id, so compaction keeps the latest copy of each movie for replays.
    {
      topic: config.topics.movies,
      numPartitions: config.partitions,
      ...base,
      configEntries: [
        { name: 'cleanup.policy', value: 'compact,delete' },
        { name: 'retention.ms', value: String(30 * 86_400_000) },
      ],
    },
    // What MongoDB holds, keyed by TMDB id: compaction keeps each movie's latest stored state.
    { topic: config.topics.changelog, numPartitions: config.partitions, ...base, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
    { topic: config.topics.deadLetter, numPartitions: 1, ...base, configEntries: [{ name: 'retention.ms', value: String(90 * 86_400_000) }] },
  ];
}

/** The topics the batch transport consumes, with the handler pattern each routes to. */
export function consumedRoutes(config: AppConfig['kafka']): Record<string, string> {
  return { [config.topics.movies]: MOVIE_BATCH_PATTERN };
}
