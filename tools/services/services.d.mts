// Types of the service scripts for the TypeScript tests that call them.
export type ServiceName = 'kafka' | 'mongo';
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
export const addresses: { kafka: { brokers: string[]; tls: KafkaTlsAddresses; sasl: KafkaSaslAddresses }; mongo: { uri: string } };
export function resolveConfig(): unknown;
export function servicesUp(options?: { only?: ServiceName[]; smoke?: boolean; log?: (line: string) => void }): Promise<Record<ServiceName, ServiceState>>;
export function startService(name: ServiceName, options?: { smoke?: boolean; log?: (line: string) => void }): Promise<ServiceState>;
export function stopService(
  name: ServiceName,
  options?: { signal?: 'SIGTERM' | 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'; timeoutMs?: number; log?: (line: string) => void },
): Promise<{ name: string; state: string; pid?: number }>;
export function servicesDown(options?: { only?: ServiceName[]; log?: (line: string) => void }): Promise<unknown>;
export function servicesStatus(): Promise<unknown>;
