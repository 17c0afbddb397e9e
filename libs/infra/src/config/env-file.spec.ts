import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'dotenv';
import { loadAppConfig } from '../nest/app-config';
import { SETTING_NAMES, validateConfig, withEnvFile } from './config';

/** `.env` as the scripts (dotenv) and the apps (@nestjs/config) read it: the same answer. */
describe('the .env file', () => {
  let dir: string;
  let file: string;
  let savedEnv: NodeJS.ProcessEnv;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cardtrail-env-'));
    file = join(dir, '.env');
    writeFileSync(
      file,
      [
        '# comments and empty values as in .env.example',
        'PORT=4321',
        'LOG_LEVEL=debug',
        'NOTIFY_WEBHOOK_URL=',
        'ISSUE_WORKING_DAYS=15',
        'EXTRA_CLOSED_DAYS=2026-12-24,2026-12-31',
      ].join('\n'),
    );
    // ConfigModule writes the validated settings into process.env: keep this test's to itself.
    savedEnv = { ...process.env };
  });

  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is merged under the environment by the scripts: a variable set in the environment wins', () => {
    const env = withEnvFile({ LOG_LEVEL: 'warn' }, file);
    expect(env).toMatchObject({ PORT: '4321', LOG_LEVEL: 'warn', ISSUE_WORKING_DAYS: '15', NOTIFY_WEBHOOK_URL: '' });
  });

  it('is not read under NODE_ENV=test, so tests set every setting themselves', () => {
    expect(withEnvFile({ NODE_ENV: 'test' }, file)).toEqual({ NODE_ENV: 'test' });
  });

  it('is read and validated by @nestjs/config in the apps, with the same precedence', async () => {
    delete process.env.PORT;
    delete process.env.ISSUE_WORKING_DAYS;
    delete process.env.EXTRA_CLOSED_DAYS;
    delete process.env.NOTIFY_WEBHOOK_URL;
    process.env.LOG_LEVEL = 'warn';
    const config = await loadAppConfig({ envFilePath: file });
    expect(config).toMatchObject({ PORT: 4321, LOG_LEVEL: 'warn', ISSUE_WORKING_DAYS: 15, EXTRA_CLOSED_DAYS: ['2026-12-24', '2026-12-31'] });
    expect(config.NOTIFY_WEBHOOK_URL).toBeUndefined();
  });

  it('stops the app with every invalid variable named', async () => {
    writeFileSync(file, 'PORT=eighty\nTZ_BUSINESS=Mars/Olympus\n');
    delete process.env.PORT;
    delete process.env.TZ_BUSINESS;
    await expect(loadAppConfig({ envFilePath: file })).rejects.toThrow(/PORT[\s\S]*TZ_BUSINESS: must be an IANA time zone/);
  });
});

describe('.env.example', () => {
  const example = parse(readFileSync(resolve('.env.example')));

  it('starts the service unchanged when copied to .env: every value is valid and is the default', () => {
    expect(validateConfig(example)).toEqual(validateConfig({}));
  });

  it('lists every setting, and the embedded-services switch, with Postgres and Redis left unset', () => {
    expect(Object.keys(example).sort()).toEqual([...SETTING_NAMES, 'CARDTRAIL_EMBEDDED'].sort());
    // Set, they would stop `npm start` from falling back to embedded services.
    expect(example).toMatchObject({ DATABASE_URL: '', REDIS_URL: '', CARDTRAIL_EMBEDDED: '' });
  });
});
