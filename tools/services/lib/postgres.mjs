// The local PostgreSQL of the BI replica as a service: which process is ours, how it is judged ready (the
// app's role and database made first), its TLS check, and its definition for services.mjs. Finding the
// binaries, initdb, settings and certificates are in postgres-cluster.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_POSTGRES, addresses, paths } from './config.mjs';
import { findPostgresBinaries, preparePostgres } from './postgres-cluster.mjs';
import { argv } from './procs.mjs';

/** Is `pid` the postmaster of our data directory? */
const ownsPostgres = (pid) => argv(pid).some((a, i, all) => a === '-D' && all[i + 1] === paths.postgresData);

/** Our data directory's postmaster.pid: the postmaster's pid (line 1) and its state (line 8: starting, ready, stopping). */
function postmasterFile() {
  try {
    const lines = readFileSync(join(paths.postgresData, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number.parseInt(lines[0], 10);
    return { pid: Number.isFinite(pid) && pid > 0 ? pid : undefined, state: lines[7]?.trim() || undefined };
  } catch {
    return {};
  }
}

/** A pg client of the local server: over TCP as the app's writer, or (`socket`) over the unix socket as `postgres`. */
async function connect({ socket = false, ssl } = {}) {
  const { default: pg } = await import('pg');
  const { host, port, user, database, socketDir } = addresses.postgres;
  const where = socket ? { host: socketDir, port, user: 'postgres', database: 'postgres' } : { host, port, user, database, ssl };
  const client = new pg.Client({ ...where, connectionTimeoutMillis: 2000, query_timeout: 5000, application_name: 'services.mjs' });
  client.on('error', () => {}); // a server stopped under an idle client: the caller's query already failed
  await client.connect();
  return client;
}

/** The app's role and database (the app's migrations make its tables and its other roles). Idempotent. */
async function ensureAppDatabase() {
  const { user, database } = addresses.postgres;
  const client = await connect({ socket: true });
  try {
    const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
    // CREATEDB: the test suites and the bench give each run a database of its own on the local server.
    await client.query(`${role.rowCount ? 'ALTER' : 'CREATE'} ROLE ${user} LOGIN CREATEROLE CREATEDB`);
    const db = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!db.rowCount) await client.query(`CREATE DATABASE ${database} OWNER ${user}`);
    return { createdRole: !role.rowCount, createdDatabase: !db.rowCount };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Readiness: `select 1` over TCP as the app's writer in its database; with `bootstrap`, the role and database are made first. */
async function postgresReady({ bootstrap = false } = {}) {
  const { user, database, host, port } = addresses.postgres;
  let made = '';
  try {
    if (bootstrap) {
      // While it starts (crash recovery included) every connection attempt would only log a FATAL line.
      const { pid, state } = postmasterFile();
      if (pid && state && state !== 'ready') return { ok: false, detail: `PostgreSQL is ${state} (postmaster.pid)` };
      const r = await ensureAppDatabase();
      if (r.createdRole || r.createdDatabase)
        made = `; made ${[r.createdRole && `role ${user}`, r.createdDatabase && `database ${database}`].filter(Boolean).join(' and ')}`;
    }
    const client = await connect();
    try {
      const { rows } = await client.query("SELECT 1 AS one, current_setting('server_version') AS version");
      return { ok: rows[0].one === 1, detail: `select 1 ok as ${user} on ${host}:${port}/${database} (PostgreSQL ${rows[0].version})${made}` };
    } finally {
      await client.end().catch(() => {});
    }
  } catch (err) {
    return { ok: false, detail: `${err.code ? `${err.code} ` : ''}${err.message}` };
  }
}

/** TLS as a client with sslmode=verify-full makes it: the server's certificate checked against the local CA and its name. */
async function postgresTlsStatus() {
  const { host, port, tls } = addresses.postgres;
  const base = { address: `${host}:${port} (sslmode=verify-full)`, ca: tls.ca, cert: tls.cert };
  if (!existsSync(tls.ca)) return { ...base, ok: false, detail: `no CA at ${tls.ca} (made by \`up\`)` };
  try {
    const client = await connect({ ssl: { ca: readFileSync(tls.ca, 'utf8'), rejectUnauthorized: true } });
    try {
      const { rows } = await client.query('SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      return { ...base, ok: true, detail: `verified TLS handshake ok (${rows[0]?.version})` };
    } finally {
      await client.end().catch(() => {});
    }
  } catch (err) {
    return { ...base, ok: false, detail: err.message };
  }
}

/**
 * PostgreSQL (the BI replica). Not a JVM, so no -D tag: ours is the postmaster whose `-D` is our data
 * directory, found by the pid file or the data directory's postmaster.pid. SIGKILL and SIGSTOP reach
 * its backends too (`family`), as in a real crash or freeze, so no orphan holds the shared memory a
 * restart needs. A clean stop is SIGINT, the fast shutdown that `pg_ctl stop -m fast` sends.
 */
export const postgres = {
  name: 'postgres',
  get version() {
    try {
      const bin = findPostgresBinaries();
      return `PostgreSQL ${bin.version} (${bin.bindir})`;
    } catch {
      return 'PostgreSQL server binaries not found';
    }
  },
  host: LOCAL_POSTGRES.host,
  port: LOCAL_POSTGRES.port,
  extraPorts: [],
  address: `postgresql://${LOCAL_POSTGRES.host}:${LOCAL_POSTGRES.port}`,
  tls: addresses.postgres.tls,
  setting: 'BI_DATABASE_URL',
  pidFile: join(paths.pids, 'postgres.pid'),
  logFile: join(paths.logs, 'postgres.log'),
  outFile: join(paths.logs, 'postgres.log'),
  dataPath: paths.postgresData,
  startTimeoutMs: 30_000,
  stopSignal: 'SIGINT',
  family: true,
  owns: ownsPostgres,
  discover: () => [postmasterFile().pid].filter((pid) => pid && ownsPostgres(pid)),
  provision: async () => findPostgresBinaries(),
  prepare: preparePostgres,

  command({ bin, user }) {
    return { cmd: bin.postgres, args: ['-D', paths.postgresData], uid: user.uid, gid: user.gid };
  },

  ready: postgresReady,
  tlsStatus: postgresTlsStatus,
};
