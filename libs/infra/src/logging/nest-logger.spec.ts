import { describe, expect, it } from '@jest/globals';
import { createLogger } from './logger';
import { PinoNestLogger } from './nest-logger';

function capture(level: 'info' | 'debug' = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ LOG_LEVEL: level }, { destination: { write: (l: string) => lines.push(JSON.parse(l)) } });
  return { lines, nest: new PinoNestLogger(logger) };
}

describe('PinoNestLogger (Nest messages on our pino logger)', () => {
  it('writes Nest messages as JSON with their context', () => {
    const { lines, nest } = capture();
    nest.log('Nest application successfully started', 'NestApplication');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', context: 'NestApplication', msg: 'Nest application successfully started' }),
    ]);
  });

  it("demotes Nest's one-line-per-route start-up chatter to debug", () => {
    const { lines, nest } = capture('info');
    nest.log('Mapped {/v1/cards, POST} route', 'RouterExplorer');
    expect(lines).toEqual([]);
  });

  it('keeps the stack Nest passes with an error', () => {
    const { lines, nest } = capture();
    const error = new Error('boom');
    nest.error('Something failed', error.stack, 'ExceptionHandler');
    expect(lines[0]).toMatchObject({ level: 'error', context: 'ExceptionHandler', err: expect.objectContaining({ message: 'Something failed', stack: error.stack }) });
  });

  it('writes to the logger it was given, not to one shared by the process', () => {
    const a = capture();
    const b = capture();
    a.nest.log('to a', 'Test');
    b.nest.log('to b', 'Test');
    expect(a.lines.map((l) => l.msg)).toEqual(['to a']);
    expect(b.lines.map((l) => l.msg)).toEqual(['to b']);
  });

  it('redacts a DUF number passed as a field', () => {
    const { lines, nest } = capture();
    nest.warn({ msg: 'odd card', dufNumber: '201258697561' }, 'Cards');
    expect(JSON.stringify(lines)).not.toContain('201258697561');
  });

  it('writes an Error passed as the message with its stack', () => {
    const { lines, nest } = capture();
    const error = new Error('lost connection');
    nest.error(error, 'TypeOrmModule');
    expect(lines[0]).toMatchObject({ level: 'error', context: 'TypeOrmModule', msg: 'lost connection', err: expect.objectContaining({ stack: error.stack }) });
  });

  it('writes a message without a context, and verbose at trace (off at debug)', () => {
    const { lines, nest } = capture('debug');
    nest.warn('plain');
    nest.verbose('chatty', 'Test');
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', msg: 'plain' })]);
    expect(lines[0]).not.toHaveProperty('context');
  });
});
