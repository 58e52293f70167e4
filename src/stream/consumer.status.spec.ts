import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ConsumerStatus } from './consumer.status.js';

describe('ConsumerStatus', () => {
  it('lists each retrying partition once, counting attempts and keeping the last error, until it settles', async () => {
    const registry = new Registry();
    const status = new ConsumerStatus(registry);
    expect(status.snapshot()).toEqual({ retrying: [] });
    status.failed('movies', 2, new Error('connect ECONNREFUSED 127.0.0.1:27017'));
    status.failed('movies', 2, new Error('Server selection timed out\n after 5000 ms'));
    status.failed('movies', 0, new Error('x'.repeat(1000)));
    const { retrying } = status.snapshot();
    expect(retrying.map(({ partition, attempts }) => ({ partition, attempts }))).toEqual([
      { partition: 2, attempts: 2 },
      { partition: 0, attempts: 1 },
    ]);
    expect(retrying[0]).toMatchObject({ topic: 'movies', lastError: 'Server selection timed out after 5000 ms' });
    expect(Date.parse(retrying[0]!.since)).not.toBeNaN();
    expect(retrying[1]!.lastError).toHaveLength(300);
    expect(await registry.getSingleMetricAsString('consumer_partitions_retrying')).toMatch(/^consumer_partitions_retrying 2$/m);

    status.settled('movies', 2);
    status.settled('movies', 7); // never retried: nothing to clear
    expect(status.snapshot().retrying.map((r) => r.partition)).toEqual([0]);
    status.settled('movies', 0);
    expect(status.snapshot()).toEqual({ retrying: [] });
    expect(await registry.getSingleMetricAsString('consumer_partitions_retrying')).toMatch(/^consumer_partitions_retrying 0$/m);
  });
});
