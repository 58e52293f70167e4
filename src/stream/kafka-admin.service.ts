import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { createKafka } from './kafka.factory.js';
import { KafkaTlsWatch } from './kafka-tls.js';
import { topicSpecs } from './topics.js';

/** Admin calls: topic creation at boot, the health probe, consumer lag. */
@Injectable()
export class KafkaAdminService implements OnApplicationShutdown {
  private readonly logger = new Logger(KafkaAdminService.name);
  private readonly kafka: Kafka;
  /** A TLS failure (wrong CA, no client certificate) ends a call at once, with a line naming the setting. */
  private readonly tls: KafkaTlsWatch;
  private admin?: Promise<Admin>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.tls = new KafkaTlsWatch(config.kafka);
    this.kafka = createKafka(config.kafka, 'admin', this.logger, this.tls);
  }

  /** Creates the service's topics if absent, then checks they all exist; throws a clear error otherwise. */
  async ensureTopics(): Promise<void> {
    const specs = topicSpecs(this.config.kafka);
    await this.withAdmin(async (admin) => {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.topic));
      if (missing.length > 0) {
        await admin.createTopics({ topics: missing, waitForLeaders: true });
        this.logger.log(`Created Kafka topics ${missing.map((s) => `${s.topic} (${s.numPartitions} partitions)`).join(', ')}`);
      }
      const metadata = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.topic) });
      for (const spec of specs) {
        if (!metadata.topics.some((t) => t.name === spec.topic && t.partitions.length > 0))
          throw new Error(`Kafka topic ${spec.topic} is missing after creation`);
      }
    });
  }

  /** Cheap liveness of the cluster: a metadata round trip. */
  async describeCluster(): Promise<{ brokers: number; controller: number | null }> {
    return this.withAdmin(async (admin) => {
      const cluster = await admin.describeCluster();
      return { brokers: cluster.brokers.length, controller: cluster.controller };
    });
  }

  /** The end offset of each partition of the movie topic: every message produced so far lies before it. */
  async topicEnds(topic = this.config.kafka.topics.movies): Promise<Map<number, number>> {
    return this.withAdmin(async (admin) => new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)])));
  }

  /** The offset the persisting group has committed on each partition of the movie topic (missing: nothing committed yet). */
  async committedOffsets(topic = this.config.kafka.topics.movies, groupId = this.config.kafka.groupId): Promise<Map<number, number>> {
    return this.withAdmin(async (admin) => {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return new Map((committed?.partitions ?? []).filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, Number(p.offset)]));
    });
  }

  /** Messages not yet committed by the group, per partition of the movie topic. */
  async consumerLag(topic = this.config.kafka.topics.movies, groupId = this.config.kafka.groupId): Promise<{ partition: number; lag: number }[]> {
    return this.withAdmin(async (admin) => {
      const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
      const done = new Map(committed[0]?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? []);
      return ends.map((end) => {
        const at = done.get(end.partition) ?? -1;
        const low = Number(end.low);
        return { partition: end.partition, lag: Number(end.high) - Math.max(at, low) };
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = await this.admin?.catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    const admin = this.admin;
    try {
      return await this.tls.guard((async () => work(await admin))());
    } catch (error) {
      // A broken connection is not always repaired by kafkajs: start afresh next time. Calls that shared this
      // client fail together; only the first drops it (a later one may already have made a new client).
      if (this.admin === admin) this.admin = undefined;
      void admin.then((a) => a.disconnect()).catch(() => undefined);
      throw error;
    }
  }
}
