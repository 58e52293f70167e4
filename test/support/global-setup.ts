import { servicesUp } from '../../tools/services/services.mjs';

/** e2e tests run against the project's own Kafka and MongoDB-compatible server; start them if they are not up. */
export default async function setup(): Promise<void> {
  process.env['TZ'] = 'UTC';
  await servicesUp({ smoke: false, log: () => {} });
}
