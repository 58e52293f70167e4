import { Kafka, logLevel, type IHeaders, type KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';

export interface RawMessage {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: IHeaders;
}

/** Talks to the real local broker from tests: put bytes on a topic, read a topic back. */
export class KafkaTestClient {
  private readonly kafka: Kafka;

  constructor(brokers: string[]) {
    this.kafka = new Kafka({ clientId: `e2e-${randomUUID().slice(0, 8)}`, brokers, logLevel: logLevel.NOTHING });
  }

  async publishRaw(topic: string, messages: RawMessage[]): Promise<void> {
    const producer = this.kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await producer.send({ topic, messages, acks: -1 });
    } finally {
      await producer.disconnect();
    }
  }

  /** Reads the topic from the beginning until `count` messages arrived (or throws after the timeout). */
  async readAll(topic: string, count: number, timeoutMs = 30_000): Promise<KafkaMessage[]> {
    const consumer = this.kafka.consumer({ groupId: `e2e-reader-${randomUUID()}` });
    const seen: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`read ${seen.length} of ${count} messages from ${topic} in ${timeoutMs} ms`)), timeoutMs);
        void consumer.run({
          eachMessage: async ({ message }) => {
            seen.push(message);
            if (seen.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }

  async topicOffsets(topic: string): Promise<{ partition: number; high: string }[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, high: p.high }));
    } finally {
      await admin.disconnect();
    }
  }

  /** Messages on the topic that the group has not committed yet (0 when it has caught up). */
  async groupLag(groupId: string, topic: string): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const [high, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
      const done = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      return high.reduce((lag, p) => lag + Number(p.high) - Math.max(0, done.get(p.partition) ?? 0), 0);
    } finally {
      await admin.disconnect();
    }
  }

  async deleteTopics(topics: string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const present = topics.filter((t) => existing.has(t));
      if (present.length > 0) await admin.deleteTopics({ topics: present });
    } finally {
      await admin.disconnect();
    }
  }
}
