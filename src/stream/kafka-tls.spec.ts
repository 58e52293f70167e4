import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { KafkaJSSASLAuthenticationError } from 'kafkajs';
import { describeKafkaSecurityError, describeKafkaTlsError, KafkaTlsError, KafkaTlsWatch } from './kafka-tls.js';

const mutual = { ssl: { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' } };
const caOnly = { ssl: { ca: 'CA PEM' } };

/** A Node socket error as kafkajs reports it after its retries: NumberOfRetriesExceeded → ConnectionError (code). */
function afterRetries(message: string, code?: string): Error {
  const connection = new KafkaJSConnectionError(`Connection error: ${message}`, { broker: '127.0.0.1:9094', code });
  return new KafkaJSNumberOfRetriesExceeded(connection, { retryCount: 8, retryTime: 10_000 });
}

function nodeError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

// Messages and codes as Node 24 reports them against the local broker (Java's TLS sends bad_certificate for no certificate).
const BAD_CERTIFICATE_ALERT =
  '800C0CD3CB7F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 42\n';

describe('describeKafkaTlsError', () => {
  it.each([
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'],
  ])('a broker certificate the CA did not sign (%s) names KAFKA_SSL_CA_FILE', (code, message) => {
    const expected = "Kafka TLS handshake failed: the broker's certificate is not signed by the CA in KAFKA_SSL_CA_FILE";
    expect(describeKafkaTlsError(afterRetries(message, code), mutual)).toBe(expected);
    expect(describeKafkaTlsError(nodeError(message, code), mutual)).toBe(expected);
    // Recognised by its message alone too (a wrapper that drops the code).
    expect(describeKafkaTlsError(new Error(`Connection error: ${message}`), mutual)).toBe(expected);
  });

  it('without a CA file, asks for one', () => {
    expect(describeKafkaTlsError(afterRetries('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'), { ssl: {} })).toBe(
      "Kafka TLS handshake failed: the broker's certificate is not signed by a CA Node trusts: set KAFKA_SSL_CA_FILE to the CA that signed it",
    );
  });

  it.each([
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', BAD_CERTIFICATE_ALERT],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'error:0A00045C:SSL routines::tlsv13 alert certificate required'],
  ])('a client certificate refused (%s) without one configured asks for KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE', (code, message) => {
    const expected = 'Kafka TLS handshake failed: the broker requires a client certificate: set KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE';
    expect(describeKafkaTlsError(afterRetries(message, code), caOnly)).toBe(expected);
    expect(describeKafkaTlsError(new Error(message), caOnly)).toBe(expected);
  });

  it('a client certificate refused while one is configured names KAFKA_SSL_CERT_FILE', () => {
    expect(describeKafkaTlsError(afterRetries(BAD_CERTIFICATE_ALERT, 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'), mutual)).toBe(
      'Kafka TLS handshake failed: the broker refused the client certificate in KAFKA_SSL_CERT_FILE (not signed by a CA it trusts, or expired)',
    );
  });

  it('a reset during the handshake without a client certificate is a likely cause, but not for SASL or the fail-fast watch', () => {
    const reset = afterRetries('Client network socket disconnected before secure TLS connection was established', 'ECONNRESET');
    expect(describeKafkaTlsError(reset, caOnly)).toMatch(/^Kafka TLS handshake failed: .*set KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE$/);
    expect(describeKafkaTlsError(reset, caOnly, { resets: false })).toBeUndefined();
    expect(describeKafkaTlsError(reset, { ...caOnly, sasl: { mechanism: 'scram-sha-256' } })).toBeUndefined();
    expect(describeKafkaTlsError(reset, mutual)).toBeUndefined();
  });

  it('names the other settings a handshake can fail on', () => {
    expect(describeKafkaTlsError(afterRetries('certificate has expired', 'CERT_HAS_EXPIRED'), mutual)).toMatch(/certificate has expired$/);
    expect(describeKafkaTlsError(nodeError("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'), mutual)).toMatch(
      /does not name the host in KAFKA_BROKERS$/,
    );
    expect(
      describeKafkaTlsError(afterRetries('error:05800074:x509 certificate routines::key values mismatch', 'ERR_OSSL_X509_KEY_VALUES_MISMATCH'), mutual),
    ).toMatch(/KAFKA_SSL_KEY_FILE is not the private key of the certificate in KAFKA_SSL_CERT_FILE$/);
    expect(describeKafkaTlsError(afterRetries('error:0A00010B:SSL routines::wrong version number', 'ERR_SSL_WRONG_VERSION_NUMBER'), mutual)).toMatch(
      /does not speak TLS on that port: check KAFKA_BROKERS, or set KAFKA_SSL=false$/,
    );
  });

  it('leaves other errors, and every error with TLS off, alone', () => {
    expect(describeKafkaTlsError(afterRetries('connect ECONNREFUSED 127.0.0.1:9094', 'ECONNREFUSED'), mutual)).toBeUndefined();
    expect(describeKafkaTlsError(new Error('Connection timeout'), mutual)).toBeUndefined();
    expect(describeKafkaTlsError('a string', mutual)).toBeUndefined();
    expect(describeKafkaTlsError(afterRetries('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'), {})).toBeUndefined();
  });

  it('passes a KafkaTlsError through as it is', () => {
    expect(describeKafkaTlsError(new KafkaTlsError('Kafka TLS handshake failed: x'), mutual)).toBe('Kafka TLS handshake failed: x');
  });
});

describe('describeKafkaSecurityError', () => {
  const scram = { ssl: { ca: 'CA PEM' }, sasl: { mechanism: 'scram-sha-256' } };

  it('names the SASL settings when the broker refuses the login', () => {
    // kafkajs types the constructor without arguments; it takes the message like its other errors.
    const refused: Error = new (KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error)(
      'SASL SCRAM SHA256 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
    );
    expect(describeKafkaSecurityError(refused, scram)).toBe(
      'Kafka SASL authentication failed: the broker refused KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (KAFKA_SASL_MECHANISM=scram-sha-256)',
    );
    expect(describeKafkaSecurityError(refused, { ssl: { ca: 'CA PEM' } })).toBeUndefined();
  });

  it('gives the TLS line first, and nothing for other errors', () => {
    expect(describeKafkaSecurityError(afterRetries('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'), scram)).toMatch(
      /not signed by the CA in KAFKA_SSL_CA_FILE$/,
    );
    expect(describeKafkaSecurityError(afterRetries('connect ECONNREFUSED 127.0.0.1:9095', 'ECONNREFUSED'), scram)).toBeUndefined();
  });
});

describe('KafkaTlsWatch', () => {
  it('ends a guarded call at the first TLS failure, keeps the reason, and clears it after a success', async () => {
    const watch = new KafkaTlsWatch(caOnly);
    const never = new Promise<never>(() => undefined);
    const guarded = watch.guard(never);
    watch.observe(nodeError('econnrefused', 'ECONNREFUSED')); // not a TLS failure: the call goes on
    watch.observe(nodeError(BAD_CERTIFICATE_ALERT, 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'));
    await expect(guarded).rejects.toThrow(
      new KafkaTlsError('Kafka TLS handshake failed: the broker requires a client certificate: set KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE'),
    );
    expect(watch.lastFailure).toMatch(/requires a client certificate/);
    await expect(watch.guard(Promise.resolve(7))).resolves.toBe(7);
    expect(watch.lastFailure).toBeUndefined();
  });

  it('does not end a call on a connection reset (a broker may be restarting)', async () => {
    const watch = new KafkaTlsWatch(caOnly);
    let done!: (v: string) => void;
    const guarded = watch.guard(new Promise<string>((resolve) => (done = resolve)));
    watch.observe(nodeError('read ECONNRESET', 'ECONNRESET'));
    done('ok');
    await expect(guarded).resolves.toBe('ok');
  });

  it('passes the error of the call itself through', async () => {
    const watch = new KafkaTlsWatch(mutual);
    await expect(watch.guard(Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
