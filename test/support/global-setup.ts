import { ensureBuild } from '../../tools/ensure-build.mjs';
import { servicesUp } from '../../tools/services/services.mjs';

/**
 * e2e tests run against the project's own Kafka, MongoDB-compatible server and PostgreSQL (started
 * if they are not up) and, for the suites that run the app as a process, a fresh build.
 */
export default async function setup(): Promise<void> {
  process.env['TZ'] = 'UTC';
  ensureBuild({ quiet: true });
  await servicesUp({ smoke: false, log: () => {} });
}
