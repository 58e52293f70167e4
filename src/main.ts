import 'reflect-metadata';
import { ConfigError, loadConfig, roleRuns, type AppConfig } from './config/app-config.js';
import { biConnectionDetails } from './bi/bi-connection.js';
import { readEnvironment } from './config/env-files.js';
import { createApp } from './app.factory.js';
import { describeKafkaSecurityError } from './stream/kafka-tls.js';

let config: AppConfig | undefined;

/**
 * kafkajs 2.2 sometimes schedules a timer with a negative delay; Node 24 then warns on stderr
 * (TimeoutNegativeWarning) and runs it after 1 ms, which is what kafkajs meant. The warning says
 * nothing to an operator and would sit among the lines a failed boot prints, so it alone is dropped.
 */
const HARMLESS_WARNINGS = new Set(['TimeoutNegativeWarning']);
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (!HARMLESS_WARNINGS.has(warning.name)) process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

async function main(): Promise<void> {
  try {
    config = loadConfig(readEnvironment());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // One line per bad setting, naming the variable; secrets are never echoed.
    for (const problem of error.problems) process.stderr.write(`Configuration error: ${problem}\n`);
    process.exit(78); // EX_CONFIG
  }
  const app = await createApp(config);
  await app.listen(config.http.port, config.http.host);
  const base = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${config.http.port}`;
  process.stdout.write(
    [
      `Movie analytics is up (role: ${config.role}).`,
      `  API        ${base}/analytics`,
      `  API docs   ${base}/docs`,
      `  Dashboard  ${base}/`,
      `  Tableau    ${base}/wdc`,
      `  Health     ${base}/health`,
      ...(roleRuns(config).bi ? [`  BI (SQL)   ${biConnectionDetails(config)}`] : []),
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  // A Kafka TLS or SASL failure names the settings to fix; otherwise the error's class names the part that
  // failed (MongoServerError, KafkaJSConnectionError, …).
  const security = config && describeKafkaSecurityError(error, config.kafka);
  process.stderr.write(`Failed to start: ${security ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error))}\n`);
  process.exit(1);
});
