import { afterAll, afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { addresses, startService, stopService } from '../tools/services/services.mjs';
import { languageName } from '../src/movies/language-names.js';
import { encodeMovieChange, NO_DETAILS, type MovieChange } from '../src/movies/movie-change.js';
import { GENRE_IDS, type FixtureMovie } from './fixtures/analytics-movies.js';
import { ANSWER_VIEWS, type AnswerViewSource } from '../src/bi/migrations/index.js';
import { AppProcess } from './support/app-process.js';
import { MovieSender } from './support/movie-sender.js';
import { CHECKS, matchFloats, types, type Row } from './support/bi-views.js';
import { expectedAnswer, withoutEnvelope, type AnswerName } from './support/expected-answers.js';
import { expectedBudgetBands, expectedGenreLanguage, type BudgetBandsParams } from './support/expected-group-answers.js';
import { freshBiDatabase, TEST_READER_PASSWORD, type BiDatabase } from './support/bi-database.js';
import { expectEventually } from './support/expect-eventually.js';
import { KafkaTestClient } from './support/kafka-test-client.js';
import { isolatedEnv, KAFKA_BROKERS } from './support/test-app.js';

/**
 * The BI replica against a real PostgreSQL, Kafka and MongoDB-compatible server, with the app as
 * real processes: PostgreSQL ends up holding exactly what MongoDB holds (the newest version sent
 * of each movie), through replays, upserts that change genres, older data, and PostgreSQL killed
 * mid-ingest. The read-only role is what a BI tool logs in as: it can read, introspect and page
 * through a cursor, and nothing else.
 */
const LANGUAGES = ['en', 'fr', 'ja', null, 'es', 'xx'];
const GENRES = Object.keys(GENRE_IDS);

/** Movie `id`, generation `g`: a new generation changes genres, money and votes. */
function movie(id: number, g = 0): FixtureMovie {
  const k = id * 7 + g * 13;
  const genres = [GENRES[k % GENRES.length]!, ...(k % 3 === 0 ? [GENRES[(k + 5) % GENRES.length]!] : [])];
  return {
    tmdbId: id,
    title: `Movie ${id}${g > 0 ? ` (v${g})` : ''}`,
    language: LANGUAGES[k % LANGUAGES.length]!,
    date: k % 11 === 0 ? null : `${1960 + (k % 60)}-0${1 + (k % 9)}-1${k % 10}`,
    genres,
    budget: k % 5 === 0 ? 0 : ((k % 97) + 1) * 1_000_000,
    revenue: k % 4 === 0 ? 0 : ((k % 89) + 1) * 2_700_000 + g,
    rating: (k % 91) / 10,
    votes: (k % 23) * 50 + g,
  };
}

/** What the `movies` table must hold for a fixture movie (unknown money is NULL). */
function expectedRow(m: FixtureMovie): Record<string, unknown> {
  const money = (v: number) => (v > 0 ? v : null);
  return {
    tmdb_id: m.tmdbId,
    title: m.title,
    original_title: m.title,
    original_language: m.language,
    language_name: languageName(m.language),
    release_date: m.date,
    release_year: m.date ? Number(m.date.slice(0, 4)) : null,
    budget: money(m.budget),
    revenue: money(m.revenue),
    profit: m.budget > 0 && m.revenue > 0 ? m.revenue - m.budget : null,
    vote_average: m.rating,
    vote_count: m.votes,
    popularity: 10,
    runtime: 100,
    status: 'Released',
  };
}

const ROW_SQL = `SELECT tmdb_id, title, original_title, original_language, language_name, to_char(release_date, 'YYYY-MM-DD') AS release_date,
  release_year, budget::float8 AS budget, revenue::float8 AS revenue, profit::float8 AS profit, vote_average, vote_count, popularity, runtime, status
  FROM movies ORDER BY tmdb_id`;

/** PostgreSQL holds exactly the newest version sent of every movie, genres included. */
async function expectMirrors(db: BiDatabase, latest: Map<number, FixtureMovie>, timeoutMs = 120_000): Promise<void> {
  const expected = [...latest.values()].sort((a, b) => a.tmdbId - b.tmdbId);
  await expectEventually(
    async () => {
      const rows = (await db.query(ROW_SQL)).rows;
      expect(rows.length, 'movies').toBe(expected.length);
      expect(rows).toEqual(expected.map(expectedRow));
      const genres = (
        await db.query<{ tmdb_id: number; genre_id: number; genre: string }>('SELECT tmdb_id, genre_id, genre FROM movie_genres ORDER BY tmdb_id, genre_id')
      ).rows;
      const want = expected
        .flatMap((m) => [...new Set(m.genres)].map((genre) => ({ tmdb_id: m.tmdbId, genre_id: GENRE_IDS[genre]!, genre })))
        .sort((a, b) => a.tmdb_id - b.tmdb_id || a.genre_id - b.genre_id);
      expect(genres).toEqual(want);
    },
    { timeoutMs, intervalMs: 500 },
  );
}

/**
 * The API's answer beside the test's own computation over the movies sent (test/support/expected-answers.ts; for
 * the group answers test/support/expected-group-answers.ts, whose answers leave out the params).
 */
function ownComputation(question: string, answer: Record<string, unknown>, movies: readonly FixtureMovie[], source: AnswerViewSource): [unknown, unknown] {
  const { params: _params, ...core } = withoutEnvelope(answer);
  if (question === 'genreLanguage') return [core, expectedGenreLanguage(movies, source.query)];
  if (question === 'budgetBands') return [core, expectedBudgetBands(movies, { edges: null, ...source.params } as unknown as BudgetBandsParams)];
  return [withoutEnvelope(answer), expectedAnswer(question as AnswerName, movies, source.query as never)];
}

/** The local server is (re)started by the project's scripts; one named by BI_TEST_ADMIN_URL is someone else's to run. */
async function ensurePostgres(): Promise<void> {
  if (!process.env['BI_TEST_ADMIN_URL']) await startService('postgres');
}

/** The replica's position in the feed: the sum of its next offsets. */
async function feedPosition(db: BiDatabase): Promise<number> {
  return Number((await db.query<{ sum: string | null }>('SELECT sum(next_offset) AS sum FROM bi_internal.feed_position')).rows[0]!.sum ?? 0);
}

/**
 * Waits until everything sent has gone through (the movie consumers have committed every message, and the replica
 * is at the feed's end) and returns the replica's position then. A version that changes no row (a replay, older
 * data) is still a feed entry, so matching rows alone does not say the replica has read them all.
 */
async function feedSettled(db: BiDatabase, env: Record<string, string>): Promise<number> {
  const kafka = new KafkaTestClient(KAFKA_BROKERS);
  return expectEventually(async () => {
    expect(await kafka.groupLag(env['KAFKA_GROUP_ID']!, env['KAFKA_TOPIC_MOVIES']!)).toBe(0);
    const end = (await kafka.topicOffsets(env['KAFKA_TOPIC_CHANGELOG']!)).reduce((sum, p) => sum + Number(p.high), 0);
    const position = await feedPosition(db);
    expect(position).toBe(end);
    return position;
  });
}

async function biOf(app: AppProcess): Promise<{ lag: number | null; database: { up: boolean }; state: string }> {
  return (await app.http.get('/health')).body.details.bi;
}

describe('The BI replica in PostgreSQL', () => {
  const running: AppProcess[] = [];
  const databases: BiDatabase[] = [];
  let env: Record<string, string>;
  let db: BiDatabase;
  let sender: MovieSender;

  async function fresh(extra: Record<string, string> = {}): Promise<void> {
    db = await freshBiDatabase();
    databases.push(db);
    env = isolatedEnv({ BI_ENABLED: 'true', BI_DATABASE_URL: db.url, BI_READER_PASSWORD: TEST_READER_PASSWORD, KAFKA_CONSUMER_BATCH_MAX: '200', ...extra });
    sender = new MovieSender(env['KAFKA_TOPIC_MOVIES']!);
  }
  const start = async (name: string, extra: Record<string, string> = {}) => {
    const app = await AppProcess.start(name, { ...env, ...extra });
    running.push(app);
    return app;
  };
  const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  afterEach(async () => {
    await Promise.all(running.splice(0).map((app) => app.stop('SIGKILL')));
    await ensurePostgres();
    await new KafkaTestClient(KAFKA_BROKERS)
      .deleteTopics([env['KAFKA_TOPIC_MOVIES']!, env['KAFKA_TOPIC_DEAD_LETTER']!, env['KAFKA_TOPIC_CHANGELOG']!])
      .catch(() => undefined);
  });
  afterAll(async () => {
    await ensurePostgres();
    for (const d of databases) await d.drop().catch(() => undefined);
  });

  it('mirrors what MongoDB holds: a replay changes nothing, older data is ignored, upserts move genres in and out', async () => {
    await fresh();
    const app = await start('bi-all');
    const t0 = new Date(Date.now() - 60_000);
    await sender.send(
      ids(1, 600).map((id) => movie(id)),
      t0,
    );
    await expectMirrors(db, sender.latest);

    // A replay of the same messages: no row changes (updated_at included), the position moves on.
    const before = (await db.query('SELECT tmdb_id, updated_at, observed_at FROM movies ORDER BY tmdb_id')).rows;
    const position = (await db.query<{ sum: string }>('SELECT sum(next_offset) AS sum FROM bi_internal.feed_position')).rows[0]!.sum;
    await sender.send(
      ids(1, 600).map((id) => movie(id)),
      t0,
    );
    await expectEventually(async () => {
      expect(Number((await db.query<{ sum: string }>('SELECT sum(next_offset) AS sum FROM bi_internal.feed_position')).rows[0]!.sum)).toBeGreaterThan(
        Number(position),
      );
      expect((await biOf(app)).lag).toBe(0);
    });
    expect((await db.query('SELECT tmdb_id, updated_at, observed_at FROM movies ORDER BY tmdb_id')).rows).toEqual(before);
    await expectMirrors(db, sender.latest);

    // Newer versions of half of them (other genres, other money), then older data that must not win.
    const changed = ids(1, 300).map((id) => movie(id, 1));
    const moved = changed.find((m) => m.genres.every((g) => !movie(m.tmdbId).genres.includes(g)))!;
    await sender.send(changed, new Date());
    await sender.send(
      ids(1, 300).map((id) => movie(id, 2)),
      new Date(t0.getTime() - 60_000),
      { remember: false },
    );
    await expectMirrors(db, sender.latest);
    const movedGenres = (await db.query<{ genre: string }>('SELECT genre FROM movie_genres WHERE tmdb_id = $1 ORDER BY genre', [moved.tmdbId])).rows;
    expect(movedGenres.map((r) => r.genre)).toEqual([...new Set(moved.genres)].sort());
    // The feed's own version rule: an older entry for a movie, straight on the feed (as a late writer
    // could publish it), leaves the newer row alone; a malformed entry is refused and passed over.
    const [held] = (await db.query(`${ROW_SQL.replace('ORDER BY tmdb_id', 'WHERE tmdb_id = 1')}`)).rows;
    const feedBefore = await feedSettled(db, env);
    const older: MovieChange = {
      ...NO_DETAILS,
      tmdbId: 1,
      title: 'Older',
      observedAt: t0.getTime() - 3_600_000,
      contentHash: 'zzzzzzzzzzzz',
      updatedAt: Date.now(),
      originalLanguage: 'de',
      genres: [{ id: 99, name: 'Documentary' }],
      releaseYear: 1901,
      budget: 1,
      revenue: 2,
      voteAverage: 1,
      voteCount: 1,
    };
    await new KafkaTestClient(KAFKA_BROKERS).publishRaw(env['KAFKA_TOPIC_CHANGELOG']!, [
      { key: '1', value: encodeMovieChange(older) },
      { key: '1', value: Buffer.from('{"schema":1,"tmdbId":"one"}') },
    ]);
    await expectEventually(async () => expect(await feedPosition(db)).toBe(feedBefore + 2));
    expect((await db.query(`${ROW_SQL.replace('ORDER BY tmdb_id', 'WHERE tmdb_id = 1')}`)).rows[0]).toEqual(held);
    await expectMirrors(db, sender.latest);

    // The lag is read every BI_POLL_MS: it says 0 at the next reading.
    await expectEventually(async () => {
      const health = await app.http.get('/health').expect(200);
      expect(health.body.details.bi).toMatchObject({
        state: 'following',
        lag: 0,
        database: { up: true, schemaVersion: expect.any(Number) },
        feed: { up: true },
      });
      const metrics = (await app.http.get('/metrics').expect(200)).text;
      expect(metrics).toMatch(/^bi_replica_feed_lag 0$/m);
      expect(metrics).toMatch(/^bi_replica_database_up 1$/m);
      expect(metrics).toMatch(/^bi_replica_changes_refused_total 1$/m);
    });

    // Every answer view, read as the read-only role, equals the API's answer at its default parameters, and the
    // API's answer equals the test's own computation over what was sent.
    await expectEventually(async () => expect((await app.http.get('/analytics/genres').expect(200)).body.settled).toBe(true));
    const movies = [...sender.latest.values()];
    const titles = new Map(movies.map((m) => [m.tmdbId, m.title]));
    const views = new pg.Client({ connectionString: db.readerUrl, types });
    await views.connect();
    try {
      for (const doc of ANSWER_VIEWS) {
        for (const source of doc.sources) {
          const answer = (await app.http.get(`/analytics/${source.route}`).query(source.query).expect(200)).body;
          const [actual, own] = ownComputation(doc.question, answer, movies, source);
          expect(actual, `${source.route} ${JSON.stringify(source.query)}`).toEqual(own);
          const expected = CHECKS[doc.view]!.expected(answer, source, titles);
          const rows = (
            await views.query<Row>(`SELECT * FROM ${doc.view}${source.where ? ` WHERE ${source.where}` : ''} ORDER BY ${CHECKS[doc.view]!.orderBy}`)
          ).rows;
          expect(expected.length, doc.view).toBeGreaterThan(0);
          expect(matchFloats(rows, expected), doc.view).toEqual(expected);
        }
      }
    } finally {
      await views.end();
    }

    // The read-only role, as a BI tool uses it.
    const reader = new pg.Client({ connectionString: db.readerUrl });
    await reader.connect();
    try {
      // Tableau's and Metabase's introspection: tables, views and columns with their types, and the comments.
      const columns = await reader.query<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
      );
      const movieColumns = columns.rows.filter((c) => c.table_name === 'movies');
      expect(movieColumns.map((c) => `${c.column_name}:${c.data_type}`)).toEqual(
        expect.arrayContaining([
          'tmdb_id:integer',
          'title:text',
          'release_date:date',
          'budget:bigint',
          'vote_average:double precision',
          'updated_at:timestamp with time zone',
        ]),
      );
      const comments = await reader.query<{ relname: string; description: string | null }>(
        `SELECT c.relname, obj_description(c.oid, 'pg_class') AS description FROM pg_catalog.pg_class c
           JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm')`,
      );
      expect(comments.rows.length).toBeGreaterThanOrEqual(2);
      for (const row of comments.rows) expect(row.description, `comment on ${row.relname}`).toBeTruthy();
      // A cursor fetch of the whole table, 100 rows at a time (how Tableau and psql's FETCH_COUNT page large tables).
      await reader.query('BEGIN');
      await reader.query('DECLARE movies_cursor NO SCROLL CURSOR FOR SELECT * FROM movies ORDER BY tmdb_id');
      let fetched = 0;
      for (;;) {
        const page = await reader.query('FETCH 100 FROM movies_cursor');
        if (page.rowCount === 0) break;
        fetched += page.rowCount ?? 0;
      }
      await reader.query('COMMIT');
      expect(fetched).toBe(600);
      // Nothing but reading.
      const refused = async (sql: string) => {
        const error = await reader.query(sql).then(
          () => null,
          (e: Error) => e,
        );
        expect(error, sql).toBeInstanceOf(Error);
      };
      await refused(`INSERT INTO movies (tmdb_id, title, vote_average, vote_count, updated_at, observed_at) VALUES (-1, 'x', 1, 1, now(), now())`);
      await refused('UPDATE movies SET title = NULL');
      await refused('DELETE FROM movie_genres');
      await reader.query('SET default_transaction_read_only = off');
      await refused('DELETE FROM movie_genres');
      await refused('CREATE TABLE mine (x integer)');
      await refused('CREATE TEMPORARY TABLE mine (x integer)');
      await refused('CREATE VIEW mine AS SELECT 1');
      await refused('SELECT * FROM bi_internal.feed_position');
      await refused('TRUNCATE movies');
    } finally {
      await reader.end();
    }
    expect((await db.query('SELECT count(*)::int AS n FROM movies')).rows[0].n).toBe(600);
  }, 300_000);

  it('PostgreSQL killed mid-ingest: the writer waits, then catches up, losing and duplicating nothing', async () => {
    await fresh();
    const app = await start('bi-pg-kill');
    await sender.send(
      ids(1, 3000).map((id) => movie(id, 3)),
      new Date(),
    );
    await expectEventually(async () => expect((await db.query('SELECT count(*)::int AS n FROM movies')).rows[0].n).toBeGreaterThan(100), { intervalMs: 50 });
    await stopService('postgres', { signal: 'SIGKILL' });
    const down = await expectEventually(
      async () => {
        const bi = await biOf(app);
        expect(bi.database.up).toBe(false);
        return bi;
      },
      { timeoutMs: 30_000 },
    );
    // The API serves on while PostgreSQL is down: its readiness does not depend on the replica.
    await app.http.get('/health').expect(200);
    expect(down.lag === null || down.lag > 0, 'the fault struck while the feed still had work for the replica').toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await startService('postgres');
    await expectMirrors(db, sender.latest, 180_000);
    await expectEventually(async () => expect(await biOf(app)).toMatchObject({ lag: 0, database: { up: true } }));
  }, 360_000);

  it('the writer speaks TLS with sslmode=verify-full in its URL, and refuses a server its CA did not sign', async () => {
    await fresh();
    const tls = (ca: string) => {
      const url = new URL(db.url);
      url.hostname = 'localhost';
      url.searchParams.set('sslmode', 'verify-full');
      url.searchParams.set('sslrootcert', ca);
      return url.toString();
    };
    const good = await start('bi-tls', { APP_ROLE: 'bi', BI_DATABASE_URL: tls(addresses.postgres.tls.ca) });
    const wrong = await start('bi-tls-wrong-ca', { APP_ROLE: 'bi', BI_DATABASE_URL: tls(addresses.postgres.tls.otherCa) });
    await expectEventually(async () => expect((await biOf(good)).database.up).toBe(true));
    const ssl = await db.query<{ ssl: boolean }>(
      `SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.datname = current_database() AND a.application_name = 'movie-analytics-bi-writer'`,
    );
    expect(ssl.rows.length).toBeGreaterThan(0);
    expect(ssl.rows.every((r) => r.ssl)).toBe(true);
    await expectEventually(async () => {
      const res = await wrong.http.get('/health').expect(503);
      expect(res.body.details.bi.database).toMatchObject({ up: false, error: expect.stringMatching(/certificate/i) });
    });
  }, 120_000);

  it('a process of role bi is not ready while PostgreSQL is unreachable; an API process is', async () => {
    await fresh({ BI_DATABASE_URL: 'postgresql://movie_analytics@127.0.0.1:1/nowhere' });
    const all = await start('bi-unreachable-all');
    const bi = await start('bi-unreachable-bi', { APP_ROLE: 'bi' });
    await expectEventually(async () => {
      const res = await all.http.get('/health').expect(200);
      expect(res.body.details.bi.database.up).toBe(false);
    });
    await expectEventually(async () => {
      const res = await bi.http.get('/health').expect(503);
      expect(res.body.details.bi.database).toMatchObject({ up: false, error: expect.stringMatching(/PostgreSQL failed: .*ECONNREFUSED/) });
      expect(res.body.details.readModel).toBeUndefined();
    });
  }, 120_000);
});
