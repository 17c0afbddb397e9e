import { stopEmbeddedServices } from './global-setup';
import { dropDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  try {
    const template = process.env.CARDTRAIL_TEST_TEMPLATE;
    delete process.env.CARDTRAIL_TEST_TEMPLATE;
    if (template) await dropDatabase(template);
  } finally {
    await stopEmbeddedServices();
  }
}
