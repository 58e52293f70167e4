import type { Pool, PoolClient } from 'pg';
import { MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/migration.js';

/** Any number, the same in every process: the advisory lock that lets one writer at a time migrate. */
const MIGRATION_LOCK = 0x6d6f7669; // "movi"

/** PostgreSQL's error codes the schema set-up tells apart. */
const INSUFFICIENT_PRIVILEGE = '42501';
const DUPLICATE_OBJECT = '42710';
const UNIQUE_VIOLATION = '23505';

export interface SchemaReport {
  /** Migrations applied by this call (the others were there already). */
  applied: number[];
  /** Version of the schema now. */
  version: number;
  /** Why the read-only role could not be created or granted, when the writer may not (the docs give a DBA the SQL). */
  readerProblem: string | null;
}

/**
 * Brings the BI schema to the newest version: each migration once, in order, in its own
 * transaction, under an advisory lock (several writers may start at once). Then the read-only
 * role: created when missing, its password set or login refused, SELECT granted on the tables
 * and views of `public` and nothing else.
 */
export async function migrate(pool: Pool, reader: { user: string; password?: string }, migrations: readonly Migration[] = MIGRATIONS): Promise<SchemaReport> {
  const client = await pool.connect();
  // A checked-out connection's errors are not the pool's to catch: PostgreSQL going away fails the query, not the process.
  const ignore = () => undefined;
  client.on('error', ignore);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query('CREATE SCHEMA IF NOT EXISTS bi_internal');
      await client.query(
        'CREATE TABLE IF NOT EXISTS bi_internal.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM bi_internal.schema_migrations')).rows.map((r) => r.version));
      const applied: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(migration.version)) continue;
        await inTransaction(client, async () => {
          await client.query(migration.sql);
          await client.query('INSERT INTO bi_internal.schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        });
        applied.push(migration.version);
      }
      const readerProblem = await ensureReader(client, reader);
      return { applied, version: Math.max(0, ...migrations.map((m) => m.version)), readerProblem };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    client.off('error', ignore);
    client.release(true);
  }
}

/** The SQL a database administrator runs when the writer may not manage the read-only role itself. */
export function readerSql(user: string, database: string): string {
  const role = quoteIdent(user);
  return [
    `CREATE ROLE ${role} LOGIN PASSWORD '<password>';`,
    `ALTER ROLE ${role} SET default_transaction_read_only = on;`,
    `GRANT CONNECT ON DATABASE ${quoteIdent(database)} TO ${role};`,
    `GRANT USAGE ON SCHEMA public TO ${role};`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role};`,
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC;`,
    `REVOKE TEMPORARY ON DATABASE ${quoteIdent(database)} FROM PUBLIC;`,
  ].join('\n');
}

async function ensureReader(client: PoolClient, reader: { user: string; password?: string }): Promise<string | null> {
  const role = quoteIdent(reader.user);
  const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
  const database = quoteIdent(rows[0]!.db);
  try {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [reader.user]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE ROLE ${role} NOLOGIN`).catch((error: { code?: string }) => {
        // Another writer (or another database's writer) created it a moment ago.
        if (error.code !== DUPLICATE_OBJECT && error.code !== UNIQUE_VIOLATION) throw error;
      });
    }
    // The password travels as a quoted literal (utility statements take no parameters); it is never logged.
    await client.query(
      reader.password === undefined ? `ALTER ROLE ${role} NOLOGIN` : `ALTER ROLE ${role} LOGIN PASSWORD ${client.escapeLiteral(reader.password)}`,
    );
    await client.query(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
    await client.query(`GRANT CONNECT ON DATABASE ${database} TO ${role}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
    // Nothing else: no tables of its own in public, no temporary tables, nothing in the writer's bookkeeping.
    await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await client.query(`REVOKE TEMPORARY ON DATABASE ${database} FROM PUBLIC`);
    await client.query(`REVOKE ALL ON SCHEMA bi_internal FROM ${role}`);
    return null;
  } catch (error) {
    const e = error as { code?: string; message: string };
    if (e.code !== INSUFFICIENT_PRIVILEGE) throw error;
    return `the writer may not manage the role ${reader.user} (${e.message}); a database administrator runs the SQL in docs/bi.md`;
  }
}

async function inTransaction(client: PoolClient, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** A PostgreSQL identifier, quoted. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
