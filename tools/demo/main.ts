import { jwtSettings } from '../../apps/api/src/auth/jwt';
import { CommandLine } from '../../apps/api/src/cli/command-line';
import { ServiceUnreachableError } from './demo-http';
import { formatProgress, formatSummary } from './demo-summary';
import { mintDemoTokens } from './demo-tokens';
import { runDemo, type DemoProgress } from './run-demo';

const USAGE = `Fills a running cardtrail with realistic demo cards over HTTP and prints what happened.

  npm start                      # in another terminal: the API and the worker
  npm run demo
  npm run demo -- --cards 500 --seed 42 --url http://127.0.0.1:3000

Options:
  --cards  how many cards (default 2000)
  --seed   seed of the generated data: the same seed gives the same people and histories,
           dated back from now (default: random, printed)
  --url    the API's base URL (default http://127.0.0.1:\${PORT or 3000})
  --help   this text

Tokens are minted with the same JWT_SECRET, JWT_ISSUER and JWT_AUDIENCE as the service reads
(environment variables, see .env.example). The demo writes to whatever database the service uses.`;

async function main(): Promise<void> {
  const command = new CommandLine(USAGE);
  const usage = (problem: string) => command.usage(problem);
  const values = command.options(['cards', 'seed', 'url']);
  if (values === null) return;
  const cards = values.cards === undefined ? 2000 : Number(values.cards);
  if (!Number.isInteger(cards) || cards < 1 || cards > 100_000) return usage('--cards must be a whole number from 1 to 100000');
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) return usage('--seed must be a whole number from 0 to 4294967295');

  const config = command.config();
  if (config === null) return;
  const baseUrl = values.url ?? `http://127.0.0.1:${config.PORT}`;
  try {
    new URL(baseUrl);
  } catch {
    return usage(`--url must be a URL such as http://127.0.0.1:3000, not ${JSON.stringify(baseUrl)}`);
  }

  const tty = process.stderr.isTTY === true;
  // On a terminal one line updated in place; in a log (CI, a pipe) a plain line every 5 s and
  // at each change of phase.
  let lastPlain = 0;
  let lastPhase = '';
  const onProgress = (p: DemoProgress) => {
    if (tty) {
      process.stderr.write(`\r\x1b[2K${formatProgress(p)}`);
    } else if (Date.now() - lastPlain >= 5000 || p.phase !== lastPhase) {
      lastPlain = Date.now();
      lastPhase = p.phase;
      process.stderr.write(`${formatProgress(p)}\n`);
    }
  };
  const log = (line: string) => process.stderr.write(`${tty ? '\r\x1b[2K' : ''}${line}\n`);

  log(`cardtrail demo: ${cards} cards against ${baseUrl}, seed ${seed}`);
  try {
    const summary = await runDemo({
      baseUrl,
      cards,
      seed,
      tokens: await mintDemoTokens(jwtSettings(config)),
      log,
      onProgress,
      zone: config.TZ_BUSINESS,
      extraClosedDays: config.EXTRA_CLOSED_DAYS,
    });
    if (tty) process.stderr.write('\n');
    console.log(formatSummary(summary));
    if (summary.failures.length > 0 || summary.refusals.length > 0) process.exitCode = 1;
  } catch (error) {
    if (tty) process.stderr.write('\n');
    if (error instanceof ServiceUnreachableError) {
      console.error(`${error.message}: start it with npm start (or pass --url).`);
      process.exitCode = 1;
      return;
    }
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}

void main();
