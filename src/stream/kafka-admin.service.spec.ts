import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/app-config.js';
import { KafkaAdminService } from './kafka-admin.service.js';

/**
 * The admin client's life when calls fail: a broken client is dropped and the next call makes a new one. Several
 * calls sharing the broken client fail together, each with the broker's error (one of them once failed instead with
 * a TypeError from dropping the client twice, which hid the real reason in the logs). A fake kafkajs admin stands in
 * for the broker: what is checked here is the service's own bookkeeping.
 */
function serviceWithFakeAdmin(fail: () => boolean) {
  const config = loadConfig({ KAFKA_BROKERS: '127.0.0.1:9', MONGODB_URI: 'mongodb://127.0.0.1:9/x' });
  const service = new KafkaAdminService(config);
  const made: string[] = [];
  const fake = {
    admin: () => {
      made.push('admin');
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        fetchOffsets: async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (fail()) throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9');
          return [{ topic: 'movies.v1', partitions: [{ partition: 0, offset: '7' }] }];
        },
      };
    },
  };
  (service as unknown as { kafka: unknown }).kafka = fake;
  return { service, made };
}

describe('KafkaAdminService when calls fail', () => {
  it('concurrent calls on a broken client each fail with the broker error, and the next call gets a new client', async () => {
    let broken = true;
    const { service, made } = serviceWithFakeAdmin(() => broken);
    const results = await Promise.allSettled([service.committedOffsets(), service.committedOffsets(), service.committedOffsets()]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason.message).toMatch(/ECONNREFUSED/);
    }
    expect(made).toHaveLength(1);
    broken = false;
    expect(await service.committedOffsets()).toEqual(new Map([[0, 7]]));
    expect(made).toHaveLength(2);
  });
});
