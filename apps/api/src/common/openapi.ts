import { applyDecorators, type INestApplication } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, statusTitle } from './problem';

type JsonSchema = Record<string, unknown>;

/**
 * The zod schema as an OpenAPI 3.0 schema object, so one definition both validates and
 * documents. `io: 'input'` documents what a client sends (before defaults and transforms),
 * `'output'` what the API answers.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

export const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem document',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri', example: `${PROBLEM_TYPE_BASE}validation-error` },
    title: { type: 'string', example: 'Validation failed' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      description: 'Field problems, for validation errors',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', example: 'applicant.dateOfBirth' },
          message: { type: 'string' },
        },
      },
    },
  },
  additionalProperties: true,
};

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: malformed JSON, unknown or missing fields, wrong types, impossible dates',
  401: 'Missing, invalid or expired bearer token',
  403: 'The token does not allow this (role or police district)',
  404: 'Not found',
  409: 'Conflict with the current state',
  412: 'If-Match does not match the current version',
  413: 'Request body larger than 100 kB',
  415: 'Request body is not JSON',
  422: 'Idempotency-Key reused with a different body',
  429: 'Too many requests',
  503: 'Postgres or Redis is out of reach (`unavailable` names which); try again after Retry-After seconds',
};

/** Documents problem answers: `@ApiProblems(400, 404)`. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_DESCRIPTIONS[status] ?? statusTitle(status),
        content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
        ...(status === 503
          ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } } }
          : {}),
      }),
    ),
  );
}

/** Documents a 200 (or other) JSON answer from a zod schema. */
export function ApiZodResponse(schema: z.ZodType, options: { status?: number; description: string }): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status: options.status ?? 200,
    description: options.description,
    schema: openApiSchema(schema, 'output'),
  });
}

/** Documents a JSON request body from a zod schema. */
export function ApiZodBody(schema: z.ZodType, description?: string): MethodDecorator {
  return ApiBody({ schema: openApiSchema(schema, 'input'), description, required: true });
}

/** Documents each query parameter of a zod object schema. */
export function ApiZodQuery(schema: z.ZodObject): MethodDecorator {
  const json = openApiSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  const required = new Set(json.required ?? []);
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({
        name,
        required: required.has(name),
        description: typeof property.description === 'string' ? property.description : undefined,
        schema: property,
      }),
    ),
  );
}

/** Swagger UI at /docs and the OpenAPI 3 document at /docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('cardtrail')
      .setDescription(
        'Tracks Norwegian residence cards from the police appointment to the letter box. ' +
          'Errors are RFC 9457 problem documents (application/problem+json).',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
