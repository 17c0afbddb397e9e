import { ConfigModule } from '@nestjs/config';
import type { DynamicModule } from '@nestjs/common';
import { envFilePath, readsEnvFile, validateConfig, type AppConfig } from '../config/config';

/**
 * The settings of an app process (API or worker), through @nestjs/config: `.env` in the working
 * directory, when present and not under NODE_ENV=test, merged under the environment (a variable
 * set in the environment wins), then validated by the zod schema. Throws `ConfigError` listing
 * every invalid variable. Scripts outside Nest read the same file with `loadConfigWithEnvFile`.
 */
export async function loadAppConfig(options: { envFilePath?: string } = {}): Promise<AppConfig> {
  let config: AppConfig | undefined;
  await ConfigModule.forRoot({
    envFilePath: options.envFilePath ?? envFilePath(),
    // An explicit file is read even under NODE_ENV=test (the test of this function does).
    ignoreEnvFile: options.envFilePath === undefined && !readsEnvFile(),
    validate: (env) => (config = validateConfig(env)),
  });
  if (!config) throw new Error('ConfigModule did not run the validation');
  return config;
}

/**
 * The global ConfigModule of an app built from settings already validated (by `loadAppConfig`,
 * or a test's own): `ConfigService` answers from them and reads nothing else.
 */
export function configModuleFor(config: AppConfig): Promise<DynamicModule> {
  return ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    ignoreEnvVars: true,
    skipProcessEnv: true,
    load: [() => ({ ...config })],
  });
}
