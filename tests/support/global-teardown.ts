import { stopEmbeddedServices } from './global-setup';
import { dropDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  try {
    if (process.env.CARDTRAIL_TEST_TEMPLATE) await dropDatabase(process.env.CARDTRAIL_TEST_TEMPLATE);
  } finally {
    await stopEmbeddedServices();
  }
}
