import type { AppConfig } from '../config/app-config.js';

/**
 * What a BI tool needs to connect to the replica (host, port, database, the read-only user, TLS),
 * from the writer's URL: never a password, and never the writer's user.
 */
export function biConnectionDetails(config: Pick<AppConfig, 'bi'>): string {
  const url = new URL(config.bi.databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  const sslmode = url.searchParams.get('sslmode') ?? 'off';
  const login = config.bi.readerPassword ? 'password: BI_READER_PASSWORD' : 'cannot log in until BI_READER_PASSWORD is set';
  return `PostgreSQL host ${url.hostname} port ${url.port || '5432'} database ${database} user ${config.bi.readerUser} (${login}; TLS ${sslmode})`;
}
