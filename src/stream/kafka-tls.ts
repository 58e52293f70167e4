import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/** What the translation needs to know of the settings: TLS on (which files were given) and SASL on. */
export interface KafkaSecurity {
  ssl?: { ca?: string; cert?: string; key?: string };
  sasl?: { mechanism: string };
}

/** Node's codes for a broker certificate that does not chain up to the CA the client trusts. */
const UNTRUSTED_BROKER = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** Alerts a broker sends when the client presented no certificate, or one it does not trust. */
const CLIENT_CERT_REFUSED = new Set([
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
]);

const PREFIX = 'Kafka TLS handshake failed';

/**
 * The line for a failed boot: a TLS failure (describeKafkaTlsError) or a SASL login the broker
 * refused, naming the settings to fix; undefined for anything else.
 */
export function describeKafkaSecurityError(error: unknown, security: KafkaSecurity): string | undefined {
  const tls = describeKafkaTlsError(error, security);
  if (tls || !security.sasl) return tls;
  if (chain(error).some(({ message }) => /SASL .*authentication failed|invalid credentials/i.test(message)))
    return `Kafka SASL authentication failed: the broker refused KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (KAFKA_SASL_MECHANISM=${security.sasl.mechanism})`;
  return undefined;
}

/** A Kafka TLS failure that retrying cannot cure; its message is the one line to show. */
export class KafkaTlsError extends Error {
  override readonly name = 'KafkaTlsError';
}

/** The errors in a kafkajs/Node error chain (retries wrap the connection error in `cause`). */
function chain(error: unknown): { code?: string; message: string }[] {
  const out: { code?: string; message: string }[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const { code } = current as { code?: unknown };
    out.push({ code: typeof code === 'string' ? code : undefined, message: current.message });
    current = (current as { cause?: unknown; originalError?: unknown }).cause ?? (current as { originalError?: unknown }).originalError;
  }
  return out;
}

/**
 * One line naming the setting to fix, for a Kafka TLS failure that retrying cannot cure (a wrong
 * CA, a missing or refused client certificate, a plaintext port); undefined for any other error
 * and whenever KAFKA_SSL is off. A connection reset during a handshake without a client
 * certificate (or SASL) is only a likely cause: `resets: false` leaves it out.
 */
export function describeKafkaTlsError(error: unknown, { ssl, sasl }: KafkaSecurity, { resets = true } = {}): string | undefined {
  if (!ssl) return undefined;
  if (error instanceof KafkaTlsError) return error.message;
  for (const { code, message } of chain(error)) {
    const has = (re: RegExp) => re.test(message) || (code !== undefined && re.test(code));
    if ((code && UNTRUSTED_BROKER.has(code)) || has(/self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer/i)) {
      return ssl.ca
        ? `${PREFIX}: the broker's certificate is not signed by the CA in KAFKA_SSL_CA_FILE`
        : `${PREFIX}: the broker's certificate is not signed by a CA Node trusts: set KAFKA_SSL_CA_FILE to the CA that signed it`;
    }
    if (code === 'CERT_HAS_EXPIRED' || has(/certificate has expired/i)) return `${PREFIX}: the broker's certificate has expired`;
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `${PREFIX}: the broker's certificate does not name the host in KAFKA_BROKERS`;
    if ((code && CLIENT_CERT_REFUSED.has(code)) || has(/alert (certificate required|bad certificate|certificate unknown|unknown ca)/i)) {
      return ssl.cert
        ? `${PREFIX}: the broker refused the client certificate in KAFKA_SSL_CERT_FILE (not signed by a CA it trusts, or expired)`
        : `${PREFIX}: the broker requires a client certificate: set KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE`;
    }
    if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH' || has(/key values mismatch/i))
      return `${PREFIX}: KAFKA_SSL_KEY_FILE is not the private key of the certificate in KAFKA_SSL_CERT_FILE`;
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || has(/wrong version number/i))
      return `${PREFIX}: the broker does not speak TLS on that port: check KAFKA_BROKERS, or set KAFKA_SSL=false`;
    // A reset in the middle of a handshake without a client certificate: brokers that require one may just hang up.
    if (resets && !ssl.cert && !sasl && (code === 'ECONNRESET' || has(/before secure TLS connection was established/i)))
      return `${PREFIX}: the broker closed the connection; it may require a client certificate: set KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE`;
  }
  return undefined;
}

/**
 * Watches one kafkajs client's sockets for TLS failures. kafkajs retries every connection error for
 * about 40 s; `guard` ends a call as soon as a failure that no retry can cure is seen, and
 * `lastFailure` keeps its reason for /health.
 */
export class KafkaTlsWatch {
  lastFailure?: string;
  private readonly waiters = new Set<(error: KafkaTlsError) => void>();

  constructor(private readonly security: KafkaSecurity) {}

  /** kafkajs's own socket factory, plus an error listener (kafkajs keeps handling the error). */
  readonly socketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    const socket: Socket = ssl
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : netConnect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    socket.on('error', (error) => this.observe(error));
    return socket;
  };

  observe(error: unknown): void {
    // Only failures that are certain: a reset may be a broker restarting.
    const reason = describeKafkaTlsError(error, this.security, { resets: false });
    if (!reason) return;
    this.lastFailure = reason;
    for (const fail of this.waiters) fail(new KafkaTlsError(reason));
  }

  /** `work`, unless a TLS failure is seen first (then a KafkaTlsError); success clears `lastFailure`. */
  async guard<T>(work: Promise<T>): Promise<T> {
    let fail!: (error: KafkaTlsError) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    this.waiters.add(fail);
    try {
      const result = await Promise.race([work, failed]);
      this.lastFailure = undefined;
      return result;
    } finally {
      this.waiters.delete(fail);
    }
  }
}
