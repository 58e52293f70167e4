import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('boots with no settings at all, on local defaults', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.kafka.topics).toEqual({ movies: 'movies.v1', deadLetter: 'movies.dlq.v1', changelog: 'movies.changelog.v1' });
    expect(config.mongo.uri).toBe('mongodb://127.0.0.1:27017/movie_analytics');
    expect(config.ingest.cron).toBeUndefined();
    expect(config.auth.adminApiKey).toBeUndefined();
  });

  it('names the variable and what it expects for a bad broker list', () => {
    expect(problemsOf({ KAFKA_BROKERS: 'not a broker' })).toEqual([
      'KAFKA_BROKERS must be a comma-separated list of host:port (bad item "not a broker") (got "not a broker")',
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT must be a whole number/],
    [{ PORT: '70000' }, /^PORT must be within 1\.\.65535/],
    [{ MONGODB_URI: 'http://db' }, /^MONGODB_URI must start with mongodb:\/\/ or mongodb\+srv:\/\//],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace/],
    [{ KAFKA_SSL: 'maybe' }, /^KAFKA_SSL must be true or false/],
    [{ INGEST_CRON: 'every day' }, /^INGEST_CRON must be a cron expression/],
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'pw' }, /^KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM=plain/],
    [{ KAFKA_SSL_CERT_FILE: '/tmp/x.pem' }, /^KAFKA_SSL_CERT_FILE is set but KAFKA_SSL is false/],
  ])('refuses %o', (env, message) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('never echoes a secret it refuses', () => {
    const problems = problemsOf({ ADMIN_API_KEY: 'short-secret', TMDB_API_KEYS: 'ok-looking-key-0000000,bad key!' });
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).not.toContain('short-secret');
    expect(problems.join(' ')).not.toContain('bad key!');
    expect(problems[0]).toMatch(/^ADMIN_API_KEY must be at least 16 characters$/);
  });

  it('reads TLS files only when TLS is on and names an unreadable one', () => {
    expect(() => loadConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' })).toThrow(/KAFKA_SSL_CA_FILE cannot be read: ENOENT/);
  });

  it('builds SASL settings when a mechanism is chosen', () => {
    const config = loadConfig({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' });
    expect(config.kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'svc', password: 'pw' });
  });

  it.each([
    [{}, false],
    [{ TRUST_PROXY: 'off' }, false],
    [{ TRUST_PROXY: '0' }, false],
    [{ TRUST_PROXY: '1' }, 1],
    [{ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5,loopback,fd00::/8' }, ['10.0.0.0/8', '192.168.1.5', 'loopback', 'fd00::/8']],
  ])('reads TRUST_PROXY %o as %o (off by default)', (env, trustProxy) => {
    expect(loadConfig(env as Record<string, string>).http.trustProxy).toEqual(trustProxy);
  });

  it.each(['true', '11', '10.0.0.300', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/8'])('refuses TRUST_PROXY=%s, never trusting every hop', (value) => {
    const problems = problemsOf({ TRUST_PROXY: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^TRUST_PROXY must be off, a hop count 1\.\.10, or /);
  });
});
