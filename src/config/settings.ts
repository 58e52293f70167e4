import { bool, int, list, oneOf, optStr, str, trustProxy, url } from './setting.js';

const HOST_PORT = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/;
const CRON = /^(\S+\s+){4,5}\S+$/;

/**
 * Every environment variable the service reads, grouped by prefix. This table is the
 * single source of truth: boot validates against it and the README's settings table is
 * generated from it (`npm run docs:settings`).
 */
export const SETTINGS = {
  // http
  PORT: int({ default: 3000, min: 1, max: 65535, description: 'HTTP port of the API, dashboard and Tableau connector.' }),
  HOST: str({ default: '0.0.0.0', description: 'Interface the HTTP server binds.' }),
  APP_ROLE: oneOf(['all', 'api', 'consumer', 'bi'] as const, {
    default: 'all',
    description:
      '`all`: HTTP API + Kafka consumer + BI replica writer in one process; `api`: HTTP only; `consumer`: the Kafka consumer alone (scale it out in one group); `bi`: the BI replica writer alone (PostgreSQL), with /health and /metrics.',
  }),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const, { default: 'info', description: 'Log level of the JSON logs.' }),
  LOG_PRETTY: bool({
    default: false,
    description:
      'Human-readable logs, one line per request (method, path, status, time), instead of JSON lines. `npm start` turns it on when its output is a terminal and this is set nowhere.',
  }),
  ADMIN_API_KEY: optStr({
    minLength: 16,
    sensitive: true,
    description: 'Key for `POST /ingest` and job control, sent as the `x-api-key` header. Unset: those endpoints answer 401. At least 16 characters.',
  }),
  READ_API_KEY: optStr({
    minLength: 16,
    sensitive: true,
    description: 'When set, read endpoints (analytics, jobs) require it as `x-api-key` too. Unset: reads are open.',
  }),
  CORS_ORIGINS: list({
    default: [],
    description: "Origins allowed to call the API from a browser (for example Tableau's). Same-origin pages need nothing here.",
  }),
  RATE_LIMIT_PER_MINUTE: int({
    default: 600,
    min: 0,
    max: 1_000_000,
    description:
      'Requests a client (its address, or the one TRUST_PROXY names) may make per minute across all routes before 429 with `Retry-After`, counted per replica; 0 turns the limit off. Requests carrying the admin key (trusted tools such as the load test) are not limited.',
  }),
  TRUST_PROXY: trustProxy({
    description:
      'Reverse proxies in front of the app whose `X-Forwarded-For` names the client (the client the rate limit counts): `off`, the number of proxy hops (for example `1` behind one load balancer), or their addresses and subnets (`10.0.0.0/8,192.168.1.5`, or `loopback`). Off: the client is the TCP peer, and everyone behind one proxy shares its budget.',
  }),
  ANALYTICS_MAX_IN_FLIGHT: int({
    default: 32,
    min: 1,
    max: 10_000,
    description:
      'Analytics and table requests a process works on at once (waiting for the Spearman worker or for MongoDB); past it a request answers 503 with `Retry-After` at once instead of queueing. The load check at 40 requests/s stays far below it.',
  }),
  HTTP_BODY_LIMIT_MB: int({ default: 1, min: 1, max: 100, description: 'Largest JSON request body, in MiB (413 beyond).' }),
  INGEST_UPLOAD_LIMIT_MB: int({ default: 512, min: 1, max: 10_240, description: 'Largest file accepted by `POST /ingest/file`, in MiB (413 beyond).' }),

  // mongodb
  MONGODB_URI: url({
    default: 'mongodb://127.0.0.1:27017/movie_analytics',
    protocols: ['mongodb', 'mongodb+srv'],
    sensitive: true,
    description: 'MongoDB connection string, database name included. TLS and credentials go in the URI (`tls=true`, `user:password@`).',
  }),
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: int({
    default: 5000,
    min: 100,
    max: 120_000,
    description: 'How long a MongoDB operation waits for a reachable server.',
  }),

  // kafka
  KAFKA_BROKERS: list({ default: ['127.0.0.1:9092'], item: HOST_PORT, expect: 'host:port', description: 'Kafka bootstrap brokers, `host:port,host:port`.' }),
  KAFKA_CLIENT_ID: str({
    default: 'movie-analytics',
    pattern: /^[A-Za-z0-9._-]+$/,
    expect: 'letters, digits, dot, dash or underscore',
    description: 'Kafka client id.',
  }),
  KAFKA_GROUP_ID: str({
    default: 'movie-analytics-persister',
    pattern: /^[A-Za-z0-9._-]+$/,
    expect: 'letters, digits, dot, dash or underscore',
    description: 'Consumer group of the persisting consumers.',
  }),
  KAFKA_TOPIC_MOVIES: str({
    default: 'movies.v1',
    pattern: /^[A-Za-z0-9._-]{1,249}$/,
    expect: 'a Kafka topic name',
    description: 'Topic of movie messages (keyed by TMDB id).',
  }),
  KAFKA_TOPIC_DEAD_LETTER: str({
    default: 'movies.dlq.v1',
    pattern: /^[A-Za-z0-9._-]{1,249}$/,
    expect: 'a Kafka topic name',
    description: 'Dead-letter topic: refused messages with the reason in headers.',
  }),
  KAFKA_TOPIC_CHANGELOG: str({
    default: 'movies.changelog.v1',
    pattern: /^[A-Za-z0-9._-]{1,249}$/,
    expect: 'a Kafka topic name',
    description:
      'Feed of stored changes (compacted, keyed by TMDB id): what MongoDB holds after each write, published by the persisting consumer before it commits. Every serving process follows it.',
  }),
  KAFKA_TOPIC_PARTITIONS: int({
    default: 3,
    min: 1,
    max: 1000,
    description: 'Partitions of the movie topic when the service creates it (the ceiling on parallel consumers).',
  }),
  KAFKA_REPLICATION_FACTOR: int({ default: 1, min: 1, max: 10, description: 'Replication factor of the topics the service creates (3 in production).' }),
  KAFKA_SSL: bool({ default: false, description: 'Connect to Kafka over TLS.' }),
  KAFKA_SSL_CA_FILE: optStr({ description: "PEM file of the CA that signed the brokers' certificates (TLS)." }),
  KAFKA_SSL_CERT_FILE: optStr({ description: "PEM client certificate for mutual TLS (for example Aiven's `service.cert`)." }),
  KAFKA_SSL_KEY_FILE: optStr({ description: "PEM private key of the client certificate (for example Aiven's `service.key`)." }),
  KAFKA_SASL_MECHANISM: oneOf(['none', 'plain', 'scram-sha-256', 'scram-sha-512'] as const, {
    default: 'none',
    description: 'SASL mechanism; with any but `none`, username and password are required.',
  }),
  KAFKA_SASL_USERNAME: optStr({ description: 'SASL username.' }),
  KAFKA_SASL_PASSWORD: optStr({ sensitive: true, description: 'SASL password.' }),
  KAFKA_CONSUMER_BATCH_MAX: int({ default: 1000, min: 1, max: 10_000, description: 'Most movies the consumer writes to MongoDB in one bulk write.' }),

  // bi
  BI_ENABLED: bool({
    default: true,
    description:
      'Keep the BI replica in PostgreSQL current (in processes of role `all` or `bi`). false: no process writes to PostgreSQL, and `npm run services:up` starts no local PostgreSQL.',
  }),
  BI_DATABASE_URL: url({
    default: 'postgresql://movie_analytics@127.0.0.1:5432/movie_analytics',
    protocols: ['postgresql', 'postgres'],
    sensitive: true,
    description:
      "The BI replica writer's PostgreSQL connection string, database included (it owns the schema; the migrations run at start). TLS goes in the URL: `?sslmode=verify-full&sslrootcert=/path/ca.pem`. Pointing elsewhere than the local default, `services:up` starts no local server.",
  }),
  BI_READER_USER: str({
    default: 'bi_reader',
    pattern: /^[a-z_][a-z0-9_]{0,62}$/,
    expect: 'a lower-case PostgreSQL role name',
    description:
      'The read-only role BI tools log in as: SELECT on the tables and views, nothing else. The migrations create it when the writer may create roles.',
  }),
  BI_READER_PASSWORD: optStr({
    minLength: 12,
    sensitive: true,
    description: 'Password of the read-only role, set at every start. Unset: the role exists but cannot log in. At least 12 characters.',
  }),

  // tmdb
  TMDB_API_KEYS: list({
    default: [],
    sensitive: true,
    item: /^[A-Za-z0-9._-]{16,1024}$/,
    expect: 'TMDB v3 API keys or v4 read-access tokens',
    description:
      'TMDB credentials, comma-separated; v4 tokens go in the Authorization header, v3 keys in the query. A revoked or exhausted key is set aside and the next one used.',
  }),
  TMDB_BASE_URL: url({ default: 'https://api.themoviedb.org/3', protocols: ['http', 'https'], description: 'TMDB API base URL.' }),
  TMDB_REQUESTS_PER_SECOND: int({ default: 20, min: 1, max: 1000, description: 'Client-side rate limit across all keys (TMDB documents about 40/s).' }),
  TMDB_TIMEOUT_MS: int({ default: 10_000, min: 100, max: 120_000, description: 'Timeout of one TMDB request.' }),
  TMDB_MAX_ATTEMPTS: int({
    default: 5,
    min: 1,
    max: 20,
    description: 'Attempts per TMDB request (429, 5xx, timeouts and connection errors are retried with backoff).',
  }),
  TMDB_PAGE_CAP: int({
    default: 500,
    min: 1,
    max: 10_000,
    description: 'Highest page TMDB serves for a list; discover splits its date range to stay under it.',
  }),

  // ingest
  INGEST_CRON: optStr({
    pattern: CRON,
    expect: 'a cron expression of 5 or 6 fields',
    description: 'Schedule of the automatic ingest (for example `0 3 * * *`). Unset: no scheduled ingest.',
  }),
  INGEST_CRON_SOURCE: oneOf(['tmdb-top-rated', 'tmdb-discover', 'tmdb-changes'] as const, {
    default: 'tmdb-changes',
    description: 'What the scheduled ingest pulls.',
  }),
  INGEST_CRON_PAGES: int({ default: 50, min: 1, max: 10_000, description: 'Pages the scheduled ingest reads (list sources).' }),
  INGEST_BATCH_SIZE: int({ default: 500, min: 1, max: 10_000, description: 'Movies per Kafka send and per checkpoint of an ingest job.' }),
  INGEST_DETAILS_CONCURRENCY: int({
    default: 4,
    min: 1,
    max: 64,
    description: 'Concurrent `/movie/{id}` requests of a TMDB ingest (the rate limit still applies).',
  }),

  // testing
  TEST_CRASH_AFTER_WRITES: int({
    default: 0,
    min: 0,
    max: 1_000_000,
    description:
      "For fault tests only: a consuming process kills itself (SIGKILL) right after its Nth MongoDB bulk write, before it publishes to the feed and commits the batch's offsets. 0 (the default) never.",
  }),
} as const;

export type SettingName = keyof typeof SETTINGS;
export type Settings = { [K in SettingName]: ReturnType<(typeof SETTINGS)[K]['parse']> };
