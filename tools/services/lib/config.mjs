// Paths, pinned versions, addresses and the environment (.env, .env.local, process.env).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TOOLS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(TOOLS_DIR, '..', '..');

export const KAFKA_VERSION = '4.1.2';
export const MONGO_SERVER_VERSION = '1.47.0';

export const LOCAL = join(ROOT, '.local');
export const paths = {
  local: LOCAL,
  logs: join(LOCAL, 'logs'),
  pids: join(LOCAL, 'pids'),
  kafkaDir: join(LOCAL, 'kafka'),
  kafkaData: join(LOCAL, 'kafka', 'data'),
  // The TLS listener's CA, broker keystore/truststore and client certificate (lib/tls.mjs makes them).
  kafkaTls: join(LOCAL, 'kafka', 'tls'),
  mongoDir: join(LOCAL, 'mongo'),
  mongoData: join(LOCAL, 'mongo', 'data.mv'),
  // PostgreSQL's cluster (initdb), its unix socket and lock file, and its server certificate.
  postgresDir: join(LOCAL, 'postgres'),
  postgresData: join(LOCAL, 'postgres', 'data'),
  postgresRun: join(LOCAL, 'postgres', 'run'),
  postgresTls: join(LOCAL, 'postgres', 'tls'),
};

export function cacheRoot(env = process.env) {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.trim() ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'movie-analytics');
}

// PLAINTEXT on `port` (what the app and tests use), the KRaft controller, TLS with client certificates
// required, and SASL_SSL with SCRAM-SHA-256 (TLS without a client certificate, a user and password).
export const LOCAL_KAFKA = { host: '127.0.0.1', port: 9092, controllerPort: 9093, sslPort: 9094, saslPort: 9095 };
export const LOCAL_KAFKA_SCRAM_USER = 'movie-analytics';
export const LOCAL_MONGO = { host: '127.0.0.1', port: 27017 };
export const DEFAULT_MONGODB_URI = 'mongodb://127.0.0.1:27017/movie_analytics';
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';
// The BI replica: the app's writer role and database (the role is trusted on 127.0.0.1, like the local MongoDB).
export const LOCAL_POSTGRES = { host: '127.0.0.1', port: 5432, user: 'movie_analytics', database: 'movie_analytics' };
export const DEFAULT_BI_DATABASE_URL = 'postgresql://movie_analytics@127.0.0.1:5432/movie_analytics';

/** Simple KEY=VALUE parser: comments, blank lines, optional `export`, optional quotes. */
export function parseDotEnv(text) {
  const out = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = raw.match(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$/);
    if (!m) continue;
    let value = m[2];
    const quoted = value.match(/^(['"])(.*)\1$/);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, '');
    out[m[1]] = value;
  }
  return out;
}

/** .env, then .env.local, then the real environment (which wins). */
export function loadEnv(env = process.env, root = ROOT) {
  const merged = {};
  for (const file of ['.env', '.env.local']) {
    const p = join(root, file);
    if (existsSync(p)) Object.assign(merged, parseDotEnv(readFileSync(p, 'utf8')));
  }
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return merged;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Host list of a mongodb:// URI; null for mongodb+srv (always remote) or unparsable. */
export function mongoHosts(uri) {
  const m = String(uri).match(/^mongodb:\/\/(?:[^@/]*@)?([^/?]+)/);
  if (!m) return null;
  return m[1].split(',').map((h) => {
    const [, host, port] = h.match(/^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/) ?? [];
    return { host: host?.toLowerCase(), port: port ? Number(port) : 27017 };
  });
}

function brokerHosts(brokers) {
  return String(brokers)
    .split(',')
    .map((b) => b.trim().replace(/^[a-z]+:\/\//i, ''))
    .filter(Boolean)
    .map((b) => {
      const i = b.lastIndexOf(':');
      return { host: b.slice(0, i).toLowerCase(), port: Number(b.slice(i + 1)) };
    });
}

/** Host of a postgres(ql):// URL; null for a unix socket (`?host=/path`, no host) or unparsable. */
export function postgresHosts(url) {
  try {
    const u = new URL(String(url));
    if (!/^postgres(ql)?:$/.test(u.protocol) || !u.hostname || u.searchParams.has('host')) return null;
    return [{ host: u.hostname.toLowerCase(), port: u.port ? Number(u.port) : 5432 }];
  } catch {
    return null;
  }
}

const isLocal = (hosts, port) => Boolean(hosts?.length) && hosts.every((h) => LOCAL_HOSTS.has(h.host) && h.port === port);

/** Effective addresses and whether each service is ours to run or external. */
export function resolveConfig(env = loadEnv()) {
  const mongodbUri = env.MONGODB_URI || DEFAULT_MONGODB_URI;
  const kafkaBrokers = env.KAFKA_BROKERS || DEFAULT_KAFKA_BROKERS;
  const biDatabaseUrl = env.BI_DATABASE_URL || DEFAULT_BI_DATABASE_URL;
  return {
    mode: (env.SERVICES || 'local').toLowerCase(),
    kafka: {
      brokers: kafkaBrokers
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
      external: !isLocal(brokerHosts(kafkaBrokers), LOCAL_KAFKA.port),
    },
    mongo: {
      uri: mongodbUri,
      external: !isLocal(mongoHosts(mongodbUri), LOCAL_MONGO.port),
    },
    postgres: {
      url: biDatabaseUrl,
      external: !isLocal(postgresHosts(biDatabaseUrl), LOCAL_POSTGRES.port),
      // BI_ENABLED=false: the app runs without the BI replica, so no PostgreSQL is started at all.
      enabled: !/^(false|0|no|off)$/i.test(String(env.BI_ENABLED ?? '').trim()),
    },
    ci: env.CI === 'true' || env.CI === '1',
  };
}

/** Addresses of the services this script runs (for tests). */
export const addresses = {
  kafka: {
    brokers: [`${LOCAL_KAFKA.host}:${LOCAL_KAFKA.port}`],
    ...LOCAL_KAFKA,
    /** The mutual-TLS listener and the PEM files a client needs (made by `up`; see lib/tls.mjs). */
    tls: {
      brokers: [`${LOCAL_KAFKA.host}:${LOCAL_KAFKA.sslPort}`],
      dir: paths.kafkaTls,
      ca: join(paths.kafkaTls, 'ca.pem'),
      cert: join(paths.kafkaTls, 'client.pem'),
      key: join(paths.kafkaTls, 'client.key'),
      otherCa: join(paths.kafkaTls, 'other-ca.pem'),
    },
    /** SASL_SSL with SCRAM-SHA-256: the CA above, this user, and the password in `passwordFile`. */
    sasl: {
      brokers: [`${LOCAL_KAFKA.host}:${LOCAL_KAFKA.saslPort}`],
      mechanism: 'scram-sha-256',
      username: LOCAL_KAFKA_SCRAM_USER,
      passwordFile: join(paths.kafkaTls, 'scram-password'),
      ca: join(paths.kafkaTls, 'ca.pem'),
    },
  },
  mongo: { uri: DEFAULT_MONGODB_URI, ...LOCAL_MONGO },
  postgres: {
    url: DEFAULT_BI_DATABASE_URL,
    ...LOCAL_POSTGRES,
    /** The unix socket's directory (`local` connections, trusted; the server's lock file is there too). */
    socketDir: paths.postgresRun,
    /** TLS on the same port: `sslmode=verify-full` with this CA (the local CA of lib/tls.mjs, shared with Kafka). */
    tls: { ca: join(paths.kafkaTls, 'ca.pem'), otherCa: join(paths.kafkaTls, 'other-ca.pem'), cert: join(paths.postgresTls, 'server.pem') },
  },
};
