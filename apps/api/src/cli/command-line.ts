import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfigWithEnvFile, type AppConfig } from '@cardtrail/infra';

/**
 * What the project's commands (`npm run token`, `npm run demo`) do around their work: read the
 * options (`--help` prints the usage text), read the configuration as the service does
 * (environment, then `.env`), and report a problem with either above the usage text, with exit
 * code 1. A method that returns null has said why; the command then stops.
 */
export class CommandLine {
  constructor(private readonly usageText: string) {}

  /**
   * The values of the string options `names` (`--name value`), or null after printing the usage
   * text (asked for with `--help`, or a problem with the options).
   */
  options<K extends string>(names: readonly K[]): Partial<Record<K, string>> | null {
    const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
    for (const name of names) options[name] = { type: 'string' };
    try {
      const { values } = parseArgs({ options });
      if (values.help) {
        console.log(this.usageText);
        return null;
      }
      return values as Partial<Record<K, string>>;
    } catch (error) {
      this.usage((error as Error).message);
      return null;
    }
  }

  /** The service's configuration, or null after reporting what is wrong with it. */
  config(): AppConfig | null {
    try {
      return loadConfigWithEnvFile();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.usage(error.message);
      return null;
    }
  }

  /** Reports `problem` above the usage text; the command exits with 1. */
  usage(problem: string): void {
    console.error(`${problem}\n\n${this.usageText}`);
    process.exitCode = 1;
  }
}
