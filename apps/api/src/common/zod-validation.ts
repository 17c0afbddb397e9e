import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { validationProblem, type FieldError } from './problem';

export type InputLocation = 'body' | 'query' | 'params';

const LOCATION_NAMES: Record<InputLocation, string> = {
  body: 'request body',
  query: 'query parameters',
  params: 'path parameters',
};

/**
 * Parses `value` with `schema` or throws a 400 validation problem listing every failing field as
 * `{ field: 'applicant.dateOfBirth', message }`. Use strict objects (`z.strictObject`) so unknown
 * fields and query parameters are refused rather than silently dropped.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: InputLocation): z.output<S> {
  if (where === 'body' && value === undefined) {
    throw validationProblem('A JSON request body is required.', [{ field: 'body', message: 'Required' }]);
  }
  const result = schema.safeParse(value, {
    // A missing field reads better as "Required" than as "expected string, received undefined".
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined),
  });
  if (result.success) return result.data;
  const errors = toFieldErrors(result.error.issues, where);
  const summary = errors
    .slice(0, 5)
    .map((e) => `${e.field}: ${e.message}`)
    .join('; ');
  const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
  throw validationProblem(`Invalid ${LOCATION_NAMES[where]}: ${summary}${more}.`, errors);
}

export function toFieldErrors(issues: readonly z.core.$ZodIssue[], where: InputLocation): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const noun = where === 'query' ? 'query parameter' : 'field';
      for (const key of issue.keys) {
        errors.push({ field: fieldPath([...issue.path, key], where), message: `Unknown ${noun}` });
      }
    } else {
      errors.push({ field: fieldPath(issue.path, where), message: issue.message });
    }
  }
  return errors;
}

/** `['applicant', 'dateOfBirth']` → `applicant.dateOfBirth`; `['items', 0, 'date']` → `items[0].date`. */
function fieldPath(path: readonly PropertyKey[], where: InputLocation): string {
  if (path.length === 0) return where;
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/**
 * `@Body(new ZodValidationPipe(schema))`, `@Query(...)`, `@Param(...)`: the pipe form of
 * `parseOrThrow`, taking the location from Nest's metadata.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.output<S> {
    const where: InputLocation = metadata.type === 'query' ? 'query' : metadata.type === 'param' ? 'params' : 'body';
    return parseOrThrow(this.schema, value, where);
  }
}
