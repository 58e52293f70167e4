import { movieMessage, type FixtureMovie } from '../fixtures/analytics-movies.js';
import { KafkaTestClient } from './kafka-test-client.js';
import { KAFKA_BROKERS } from './test-app.js';

/** Movies per produce request. */
const CHUNK = 250;

/** Sends fixture movies onto a movie topic, and remembers what MongoDB should then hold: the newest version sent of each. */
export class MovieSender {
  readonly latest = new Map<number, FixtureMovie>();
  private readonly kafka = new KafkaTestClient(KAFKA_BROKERS);

  constructor(private readonly topic: string) {}

  /** Sends movies observed at `at`; `remember: false` for versions that must not win (older ones). */
  async send(movies: FixtureMovie[], at: Date, { remember = true } = {}): Promise<void> {
    for (let i = 0; i < movies.length; i += CHUNK) {
      const chunk = movies.slice(i, i + CHUNK);
      await this.kafka.publishRaw(
        this.topic,
        chunk.map((m) => ({ key: String(m.tmdbId), value: JSON.stringify(movieMessage(m, at)) })),
      );
    }
    if (remember) for (const m of movies) this.latest.set(m.tmdbId, m);
  }

  movies(): FixtureMovie[] {
    return [...this.latest.values()];
  }
}
