import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ProblemException } from './problem';
import { parseOrThrow } from './zod-validation';

const schema = z.strictObject({
  applicant: z.strictObject({ fullName: z.string().min(1), dateOfBirth: z.iso.date() }),
  items: z.array(z.strictObject({ date: z.iso.date() })).optional(),
});

function problemOf(fn: () => unknown): ProblemException {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected a ProblemException');
}

describe('parseOrThrow', () => {
  it('returns the parsed value when it is valid', () => {
    const value = { applicant: { fullName: 'Kari', dateOfBirth: '1990-01-01' } };
    expect(parseOrThrow(schema, value, 'body')).toEqual(value);
  });

  it('names every failing field by its dotted path, array positions in brackets', () => {
    const problem = problemOf(() =>
      parseOrThrow(schema, { applicant: { dateOfBirth: 'yesterday', eyes: 'blue' }, items: [{ date: '2025-01-01' }, { date: 5 }] }, 'body'),
    );
    expect(problem.getStatus()).toBe(400);
    expect(problem.problem).toMatchObject({ type: 'https://cardtrail.example/problems/validation-error', title: 'Validation failed', status: 400 });
    expect(problem.problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'applicant.fullName', message: 'Required' },
        { field: 'applicant.dateOfBirth', message: expect.any(String) },
        { field: 'applicant.eyes', message: 'Unknown field' },
        { field: 'items[1].date', message: expect.stringContaining('expected string') },
      ]),
    );
    expect(problem.problem.detail).toMatch(/^Invalid request body: /);
  });

  it('says a body is required when there is none', () => {
    expect(problemOf(() => parseOrThrow(schema, undefined, 'body')).problem).toMatchObject({
      detail: 'A JSON request body is required.',
      errors: [{ field: 'body', message: 'Required' }],
    });
  });

  it('calls unknown query keys query parameters', () => {
    const problem = problemOf(() => parseOrThrow(z.strictObject({ year: z.string() }), { year: '2025', yaer: '2025' }, 'query'));
    expect(problem.problem.errors).toEqual([{ field: 'yaer', message: 'Unknown query parameter' }]);
  });
});
