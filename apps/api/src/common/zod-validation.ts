import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { parseInput, type InvalidInput } from '@cardtrail/card-lifecycle';
import type { z } from 'zod';
import { validationProblem, type ProblemException } from './problem';

export type InputLocation = 'body' | 'query' | 'params';

const LOCATION_NAMES: Record<InputLocation, string> = {
  body: 'request body',
  query: 'query parameters',
  params: 'path parameters',
};

/**
 * Parses `value` with `schema` or throws a 400 validation problem listing every failing field as
 * `{ field: 'applicant.dateOfBirth', message }`. Use strict objects (`z.strictObject`) so unknown
 * fields and query parameters are refused rather than silently dropped. How issues become field
 * errors is the library's `parseInput` (card.input.ts), the same for every input.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: InputLocation): z.output<S> {
  if (where === 'body' && value === undefined) throw missingBody();
  const parsed = parseInput(schema, value, parseOptions(where));
  if (parsed.ok) return parsed.value;
  throw invalidInputProblem(parsed.refusal, where);
}

/** How the library's parsers name the whole input and its unknown keys at `where`. */
export function parseOptions(where: InputLocation): { root: string; unknownKey: string } {
  return { root: where, unknownKey: where === 'query' ? 'query parameter' : 'field' };
}

/** The 400 for a body that is not there at all. */
export function missingBody(): ProblemException {
  return validationProblem('A JSON request body is required.', [{ field: 'body', message: 'Required' }]);
}

/** The 400 for input of the wrong shape: "Invalid request body: field: message; …". */
export function invalidInputProblem(refusal: InvalidInput, where: InputLocation): ProblemException {
  return validationProblem(`Invalid ${LOCATION_NAMES[where]}: ${refusal.message}.`, refusal.errors);
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
