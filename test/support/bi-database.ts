import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { addresses } from '../../tools/services/services.mjs';

/**
 * The PostgreSQL server the BI suites run against: the local one `npm run services:up` starts, or
 * the one BI_TEST_ADMIN_URL names. Its user must be allowed to create databases: each suite gets a
 * database of its own, dropped afterwards.
 */
export const BI_ADMIN_URL = process.env['BI_TEST_ADMIN_URL'] ?? addresses.postgres.url;

/** The reader's password in the suites (a test value, for a loopback server that only tests use). */
export const TEST_READER_PASSWORD = 'test-reader-password';

export interface BiDatabase {
  name: string;
  /** The writer's URL for that database (what BI_DATABASE_URL gets). */
  url: string;
  /** The same database as the read-only role (after a writer has created the role and set TEST_READER_PASSWORD). */
  readerUrl: string;
  /** A client of the writer's user, for the test's own checks. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  drop(): Promise<void>;
}

export async function freshBiDatabase(readerUser = 'bi_reader'): Promise<BiDatabase> {
  const name = `e2e_bi_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BI_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(BI_ADMIN_URL);
  url.pathname = `/${name}`;
  const reader = new URL(url);
  reader.username = readerUser;
  reader.password = TEST_READER_PASSWORD;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  pool.on('error', () => undefined); // the server may be killed under it by a fault test
  return {
    name,
    url: url.toString(),
    readerUrl: reader.toString(),
    query: (sql, params) => pool.query(sql, params),
    drop: async () => {
      await pool.end().catch(() => undefined);
      const client = new pg.Client({ connectionString: BI_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
