import { readFileSync } from 'node:fs';
import { SETTINGS, type SettingName, type Settings } from './settings.js';
import { SettingError, type TrustProxy } from './setting.js';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** The validated configuration, in typed namespaces. Built once at boot by `loadConfig`. */
export interface AppConfig {
  http: {
    port: number;
    host: string;
    bodyLimitMb: number;
    uploadLimitMb: number;
    corsOrigins: string[];
    rateLimitPerMinute: number;
    /** Analytics requests worked on at once before shedding with 503. */
    analyticsMaxInFlight: number;
    /** Express's `trust proxy`: which `X-Forwarded-For` hops name the client. */
    trustProxy: TrustProxy;
  };
  role: Settings['APP_ROLE'];
  log: { level: Settings['LOG_LEVEL']; pretty: boolean };
  auth: { adminApiKey?: string; readApiKey?: string };
  mongo: { uri: string; serverSelectionTimeoutMs: number };
  kafka: {
    brokers: string[];
    clientId: string;
    groupId: string;
    topics: { movies: string; deadLetter: string; changelog: string };
    partitions: number;
    replicationFactor: number;
    consumerBatchMax: number;
    ssl?: { ca?: string; cert?: string; key?: string };
    sasl?: { mechanism: SaslMechanism; username: string; password: string };
  };
  tmdb: { apiKeys: string[]; baseUrl: string; requestsPerSecond: number; timeoutMs: number; maxAttempts: number; pageCap: number };
  ingest: {
    cron?: string;
    cronSource: Settings['INGEST_CRON_SOURCE'];
    cronPages: number;
    batchSize: number;
    detailsConcurrency: number;
    /** Pick up jobs other processes left unfinished (off in the one-shot CLI). */
    resumeInterrupted: boolean;
  };
  /** The BI replica in PostgreSQL (src/bi). */
  bi: { enabled: boolean; databaseUrl: string; readerUser: string; readerPassword?: string };
  /** Fault injection for the fault tests (TEST_CRASH_AFTER_WRITES); off unless set. */
  faults: { crashAfterWrites: number };
}

/** What a process of this role runs: the movie consumer, the read model and HTTP answers, the BI replica writer. */
export function roleRuns(config: Pick<AppConfig, 'role' | 'bi'>): { consumer: boolean; answers: boolean; bi: boolean } {
  const { role } = config;
  return {
    consumer: role === 'all' || role === 'consumer',
    answers: role === 'all' || role === 'api',
    bi: config.bi.enabled && (role === 'all' || role === 'bi'),
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
  }
}

/** Validates every setting at once; a failure names each variable and never echoes a secret. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const problems: string[] = [];
  const values = {} as Record<SettingName, unknown>;
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const setting = SETTINGS[name];
    try {
      values[name] = setting.parse(env[name]);
    } catch (error) {
      if (!(error instanceof SettingError)) throw error;
      const shown = setting.sensitive || env[name] === undefined ? '' : ` (got "${truncate(env[name] ?? '')}")`;
      problems.push(`${name} ${error.message}${shown}`);
    }
  }
  const s = values as Settings;
  if (problems.length === 0) problems.push(...crossChecks(s));
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    http: {
      port: s.PORT,
      host: s.HOST,
      bodyLimitMb: s.HTTP_BODY_LIMIT_MB,
      uploadLimitMb: s.INGEST_UPLOAD_LIMIT_MB,
      corsOrigins: s.CORS_ORIGINS,
      rateLimitPerMinute: s.RATE_LIMIT_PER_MINUTE,
      analyticsMaxInFlight: s.ANALYTICS_MAX_IN_FLIGHT,
      trustProxy: s.TRUST_PROXY,
    },
    role: s.APP_ROLE,
    log: { level: s.LOG_LEVEL, pretty: s.LOG_PRETTY },
    auth: { adminApiKey: s.ADMIN_API_KEY, readApiKey: s.READ_API_KEY },
    mongo: { uri: s.MONGODB_URI, serverSelectionTimeoutMs: s.MONGODB_SERVER_SELECTION_TIMEOUT_MS },
    kafka: {
      brokers: s.KAFKA_BROKERS,
      clientId: s.KAFKA_CLIENT_ID,
      groupId: s.KAFKA_GROUP_ID,
      topics: { movies: s.KAFKA_TOPIC_MOVIES, deadLetter: s.KAFKA_TOPIC_DEAD_LETTER, changelog: s.KAFKA_TOPIC_CHANGELOG },
      partitions: s.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: s.KAFKA_REPLICATION_FACTOR,
      consumerBatchMax: s.KAFKA_CONSUMER_BATCH_MAX,
      ssl: s.KAFKA_SSL
        ? {
            ca: readPem('KAFKA_SSL_CA_FILE', s.KAFKA_SSL_CA_FILE),
            cert: readPem('KAFKA_SSL_CERT_FILE', s.KAFKA_SSL_CERT_FILE),
            key: readPem('KAFKA_SSL_KEY_FILE', s.KAFKA_SSL_KEY_FILE),
          }
        : undefined,
      sasl:
        s.KAFKA_SASL_MECHANISM === 'none'
          ? undefined
          : { mechanism: s.KAFKA_SASL_MECHANISM, username: s.KAFKA_SASL_USERNAME ?? '', password: s.KAFKA_SASL_PASSWORD ?? '' },
    },
    tmdb: {
      apiKeys: s.TMDB_API_KEYS,
      baseUrl: s.TMDB_BASE_URL,
      requestsPerSecond: s.TMDB_REQUESTS_PER_SECOND,
      timeoutMs: s.TMDB_TIMEOUT_MS,
      maxAttempts: s.TMDB_MAX_ATTEMPTS,
      pageCap: s.TMDB_PAGE_CAP,
    },
    ingest: {
      cron: s.INGEST_CRON,
      cronSource: s.INGEST_CRON_SOURCE,
      cronPages: s.INGEST_CRON_PAGES,
      batchSize: s.INGEST_BATCH_SIZE,
      detailsConcurrency: s.INGEST_DETAILS_CONCURRENCY,
      resumeInterrupted: true,
    },
    bi: { enabled: s.BI_ENABLED, databaseUrl: s.BI_DATABASE_URL, readerUser: s.BI_READER_USER, readerPassword: s.BI_READER_PASSWORD },
    faults: { crashAfterWrites: s.TEST_CRASH_AFTER_WRITES },
  };
}

/** Rules that tie settings together (files only when TLS is on, credentials with SASL). */
function crossChecks(s: Settings): string[] {
  const problems: string[] = [];
  if (!s.KAFKA_SSL) {
    for (const name of ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const) {
      if (s[name]) problems.push(`${name} is set but KAFKA_SSL is false (set KAFKA_SSL=true or remove it)`);
    }
  } else if (!!s.KAFKA_SSL_CERT_FILE !== !!s.KAFKA_SSL_KEY_FILE) {
    problems.push('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (mutual TLS needs both)');
  }
  if (s.KAFKA_SASL_MECHANISM !== 'none') {
    if (!s.KAFKA_SASL_USERNAME) problems.push(`KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM=${s.KAFKA_SASL_MECHANISM}`);
    if (!s.KAFKA_SASL_PASSWORD) problems.push(`KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM=${s.KAFKA_SASL_MECHANISM}`);
  }
  if (s.ADMIN_API_KEY && s.READ_API_KEY && s.ADMIN_API_KEY === s.READ_API_KEY) problems.push('READ_API_KEY must differ from ADMIN_API_KEY');
  return problems;
}

function readPem(name: string, path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${name} cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'} for file ${path}`]);
  }
}

function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
