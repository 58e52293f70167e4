import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { addresses, resolveConfig, servicesStatus, startService, stopService } from '../tools/services/services.mjs';
import { expectEventually } from './support/expect-eventually.js';

/**
 * The local PostgreSQL of the BI replica as `npm run services:up` runs it (tools/services/lib/postgres.mjs):
 * the app's writer connects over TCP without a password, everyone else needs one, TLS verifies against
 * the local CA, and a hard kill in the middle of writes loses no acknowledged row.
 */
const PG = addresses.postgres;
const run = randomBytes(4).toString('hex');
const SCHEMA = `e2e_pg_service_${run}`;
const READER = `e2e_reader_${run}`;
const READER_PASSWORD = randomBytes(12).toString('base64url');

/** One connection, one statement, closed again. */
async function query<R extends pg.QueryResultRow = pg.QueryResultRow>(config: pg.ClientConfig, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionTimeoutMillis: 5000, ...config });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const writer: pg.ClientConfig = { connectionString: PG.url };
const postgresState = async (): Promise<string | undefined> => (await servicesStatus()).find((s) => s.name === 'postgres')?.state;

describe('the local PostgreSQL (BI replica)', () => {
  // Each case starts from a running server (idempotent, ~0.1 s), so one failure does not take the rest down.
  beforeEach(async () => {
    await startService('postgres', { log: () => undefined });
  });

  afterAll(async () => {
    await stopService('postgres', { signal: 'SIGCONT' }).catch(() => undefined);
    await startService('postgres', { log: () => undefined });
    await query(writer, `DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await query(writer, `DROP ROLE IF EXISTS ${READER}`);
  });

  it('runs PostgreSQL 15+ where the app writes: select 1 over TCP as movie_analytics, no password, in its own database', async () => {
    const [row] = await query<{ one: number; user: string; db: string; owner: string; version: number; creates_roles: boolean }>(
      writer,
      `SELECT 1 AS one, current_user AS user, current_database() AS db, pg_get_userbyid(d.datdba) AS owner,
              current_setting('server_version_num')::int AS version, r.rolcreaterole AS creates_roles
         FROM pg_database d, pg_roles r WHERE d.datname = current_database() AND r.rolname = current_user`,
    );
    expect(row).toEqual({ one: 1, user: 'movie_analytics', db: 'movie_analytics', owner: 'movie_analytics', version: expect.any(Number), creates_roles: true });
    expect(row!.version).toBeGreaterThanOrEqual(150000);
    expect(PG.url).toBe('postgresql://movie_analytics@127.0.0.1:5432/movie_analytics');
    const status = (await servicesStatus()).find((s) => s.name === 'postgres');
    expect(status).toMatchObject({ state: 'running', address: 'postgresql://127.0.0.1:5432', tls: { ok: true } });
  });

  it('asks every other role for its password over TCP (scram-sha-256), as the read-only bi_reader will', async () => {
    await query(writer, `CREATE ROLE ${READER} LOGIN PASSWORD '${READER_PASSWORD}'`);
    const reader = { host: PG.host, port: PG.port, database: PG.database, user: READER };
    expect(await query({ ...reader, password: READER_PASSWORD }, 'SELECT current_user AS u')).toEqual([{ u: READER }]);
    await expect(query({ ...reader, password: 'wrong' }, 'SELECT 1')).rejects.toThrow(`password authentication failed for user "${READER}"`);
    await expect(query({ ...reader, user: 'postgres', password: 'wrong' }, 'SELECT 1')).rejects.toThrow('password authentication failed for user "postgres"');
    // The superuser is trusted on the unix socket only (what `up` uses to make the role and database).
    expect(await query({ host: PG.socketDir, port: PG.port, user: 'postgres', database: 'postgres' }, 'SELECT current_user AS u')).toEqual([{ u: 'postgres' }]);
  });

  it('speaks TLS that sslmode=verify-full accepts with the local CA, by IP and by name, and a client trusting another CA refuses', async () => {
    const ssl = 'SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()';
    for (const host of ['127.0.0.1', 'localhost']) {
      const url = `postgresql://movie_analytics@${host}:5432/movie_analytics?sslmode=verify-full&sslrootcert=${encodeURIComponent(PG.tls.ca)}`;
      expect(await query({ connectionString: url }, ssl)).toEqual([{ ssl: true, version: expect.stringMatching(/^TLSv1\.[23]$/) }]);
    }
    const wrongCa = { ...writer, ssl: { ca: readFileSync(PG.tls.otherCa, 'utf8'), rejectUnauthorized: true } };
    await expect(query(wrongCa, 'SELECT 1')).rejects.toThrow(/self[- ]signed certificate|unable to verify|unable to get local issuer/);
  });

  it('keeps every acknowledged row when killed with SIGKILL in the middle of writes, and startService brings it back', async () => {
    await query(writer, `CREATE SCHEMA ${SCHEMA}; CREATE TABLE ${SCHEMA}.writes (id int PRIMARY KEY)`);
    const client = new pg.Client(writer);
    client.on('error', () => undefined);
    await client.connect();
    let acknowledged = 0;
    const writes = (async () => {
      for (let id = 1; ; id++) {
        await client.query(`INSERT INTO ${SCHEMA}.writes VALUES ($1)`, [id]);
        acknowledged = id;
      }
    })().catch((error: Error) => error);
    await expectEventually(() => expect(acknowledged).toBeGreaterThan(50), { timeoutMs: 10_000, intervalMs: 20 });

    const { log } = (await servicesStatus()).find((s) => s.name === 'postgres')!;
    const logBefore = statSync(log).size;
    expect(await stopService('postgres', { signal: 'SIGKILL' })).toMatchObject({ state: 'SIGKILL' });
    // The writer's connection dies with the server: ECONNRESET, or PostgreSQL's own "terminating connection".
    expect(await writes).toBeInstanceOf(Error);
    await client.end().catch(() => undefined);
    expect(await postgresState()).toBe('stopped');

    const started = Date.now();
    expect(await startService('postgres', { log: () => undefined })).toMatchObject({ state: 'running', started: true });
    expect(Date.now() - started).toBeLessThan(10_000);
    const [{ n, max }] = await query<{ n: number; max: number }>(writer, `SELECT count(*)::int AS n, max(id) AS max FROM ${SCHEMA}.writes`);
    // Every acknowledged insert survived; one more may have committed with its acknowledgement lost.
    expect(n).toBe(max);
    expect(n).toBeGreaterThanOrEqual(acknowledged);
    expect(n).toBeLessThanOrEqual(acknowledged + 1);
    expect(readFileSync(log).subarray(logBefore).toString('utf8')).toContain('database system was not properly shut down; automatic recovery in progress');
  });

  it('pauses with SIGSTOP (status says paused, connections hang) and answers again after SIGCONT', async () => {
    await stopService('postgres', { signal: 'SIGSTOP' });
    try {
      expect(await postgresState()).toBe('paused');
      await expect(query({ ...writer, connectionTimeoutMillis: 1000 }, 'SELECT 1')).rejects.toThrow(/timeout/i);
    } finally {
      await stopService('postgres', { signal: 'SIGCONT' });
    }
    expect(await query(writer, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('stops cleanly (a fast shutdown) with stopService and starts again with its data', async () => {
    expect(await stopService('postgres')).toMatchObject({ state: 'stopped' });
    expect(await postgresState()).toBe('stopped');
    const started = Date.now();
    expect(await startService('postgres', { log: () => undefined })).toMatchObject({ state: 'running', started: true });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await query(writer, `SELECT count(*) > 0 AS kept FROM ${SCHEMA}.writes`)).toEqual([{ kept: true }]);
  });

  it('refuses to start when something else holds 127.0.0.1:5432, naming the process and the setting to change', async () => {
    await stopService('postgres');
    const squatter = createServer();
    await new Promise<void>((listening) => squatter.listen(PG.port, PG.host, listening));
    try {
      const error = await startService('postgres', { log: () => undefined }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toContain(`postgres: port 127.0.0.1:5432 is already in use by pid ${process.pid}`);
      expect(error?.message).toContain("which is not this checkout's postgres. Stop it, or point BI_DATABASE_URL at it to use it as an external service.");
    } finally {
      await new Promise((closed) => squatter.close(closed));
    }
  });

  it('leaves PostgreSQL alone when BI_DATABASE_URL points elsewhere, and entirely when BI_ENABLED=false', () => {
    const at = (env: Record<string, string>) => resolveConfig(env).postgres;
    expect(at({})).toEqual({ url: PG.url, external: false, enabled: true });
    expect(at({ BI_DATABASE_URL: 'postgres://movie_analytics@localhost/movie_analytics' }).external).toBe(false);
    expect(at({ BI_DATABASE_URL: 'postgresql://bi:secret@db.example.com:5432/movie_analytics' }).external).toBe(true);
    expect(at({ BI_DATABASE_URL: 'postgresql://movie_analytics@127.0.0.1:5544/movie_analytics' }).external).toBe(true);
    expect(at({ BI_DATABASE_URL: 'postgresql:///movie_analytics?host=/var/run/postgresql' }).external).toBe(true);
    expect(at({ BI_ENABLED: 'false' }).enabled).toBe(false);
  });
});
