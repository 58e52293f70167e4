// Types of the service scripts for the TypeScript tests that call them.
export type ServiceName = 'kafka' | 'mongo' | 'postgres';
export interface ServiceState {
  state: string;
  pid?: number;
  address?: string;
  started?: boolean;
}
export const SERVICE_NAMES: ServiceName[];
/** The local broker's mutual-TLS listener and the PEM files a client needs (made by `up`). */
export interface KafkaTlsAddresses {
  brokers: string[];
  dir: string;
  ca: string;
  cert: string;
  key: string;
  /** A CA that signed nothing the broker uses: for wrong-CA tests. */
  otherCa: string;
}
/** The local broker's SASL_SSL listener (SCRAM-SHA-256; TLS with the CA above, no client certificate). */
export interface KafkaSaslAddresses {
  brokers: string[];
  mechanism: 'scram-sha-256';
  username: string;
  passwordFile: string;
  ca: string;
}
/** The local PostgreSQL (BI replica): the app's writer role and database, trusted on 127.0.0.1 without a password. */
export interface PostgresAddresses {
  /** postgresql://movie_analytics@127.0.0.1:5432/movie_analytics, the default BI_DATABASE_URL */
  url: string;
  host: string;
  port: number;
  user: string;
  database: string;
  /** The unix socket's directory: `local` connections (as the superuser `postgres`, say) are trusted. */
  socketDir: string;
  /** TLS on the same port: `sslmode=verify-full&sslrootcert=<ca>`; `otherCa` signed nothing the server uses. */
  tls: { ca: string; otherCa: string; cert: string };
}
export const addresses: {
  kafka: { brokers: string[]; host: string; port: number; tls: KafkaTlsAddresses; sasl: KafkaSaslAddresses };
  mongo: { uri: string; host: string; port: number };
  postgres: PostgresAddresses;
};
export interface ServicesConfig {
  mode: string;
  kafka: { brokers: string[]; external: boolean };
  mongo: { uri: string; external: boolean };
  /** external: BI_DATABASE_URL points elsewhere than 127.0.0.1:5432; enabled: false when BI_ENABLED=false. */
  postgres: { url: string; external: boolean; enabled: boolean };
  ci: boolean;
}
/** The settings from `env` (by default the environment over .env.local over .env). */
export function resolveConfig(env?: Record<string, string | undefined>): ServicesConfig;
export function servicesUp(options?: { only?: ServiceName[]; smoke?: boolean; log?: (line: string) => void }): Promise<Record<ServiceName, ServiceState>>;
export function startService(name: ServiceName, options?: { smoke?: boolean; log?: (line: string) => void }): Promise<ServiceState>;
export function stopService(
  name: ServiceName,
  options?: { signal?: 'SIGTERM' | 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'; timeoutMs?: number; log?: (line: string) => void },
): Promise<{ name: string; state: string; pid?: number }>;
export function servicesDown(options?: { only?: ServiceName[]; log?: (line: string) => void }): Promise<unknown>;
export interface ServiceStatus {
  name: ServiceName;
  state: 'running' | 'paused' | 'unhealthy' | 'stopped' | 'port-in-use' | 'external' | 'disabled';
  pid?: number;
  address: string;
  version: string;
  data: string;
  log: string;
  health?: string;
  tls?: { ok: boolean; detail: string; address: string; ca: string };
}
export function servicesStatus(): Promise<ServiceStatus[]>;
