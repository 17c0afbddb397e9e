import { beforeAll, describe, expect, it } from '@jest/globals';
import { useTestApi } from '../support/api-app';

interface Operation {
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

describe('the OpenAPI document for the cards, applicant and report endpoints', () => {
  let paths: Record<string, Record<string, Operation>>;

  const api = useTestApi({ label: 'openapi' });
  beforeAll(async () => {
    paths = (await api.http().get('/docs-json')).body.paths;
  });

  it.each([
    ['post', '/v1/cards', ['201', '400', '401', '403', '413', '422'], true],
    ['get', '/v1/cards', ['200', '400', '401', '403'], false],
    ['get', '/v1/cards/{id}', ['200', '401', '403', '404'], false],
    ['post', '/v1/cards/{id}/events', ['201', '400', '401', '403', '404', '409', '412', '413', '422'], true],
    ['get', '/v1/cards/{id}/events', ['200', '401', '403', '404'], false],
    ['get', '/v1/cards/{id}/notifications', ['200', '401', '403', '404'], false],
    ['post', '/v1/status', ['200', '400', '404', '429'], true],
    ['post', '/v1/status/address-confirmation', ['200', '400', '404', '409', '429'], true],
    ['get', '/v1/reports/deadlines', ['200', '400', '401', '403'], false],
  ] as const)('documents %s %s with its schemas and problems', (method, path, statuses, hasBody) => {
    const operation = paths[path]?.[method];
    expect(operation).toBeDefined();
    expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining([...statuses]));
    const success = operation!.responses[statuses[0]];
    expect(success?.content?.['application/json']?.schema).toBeDefined();
    for (const status of statuses.slice(1)) {
      expect(operation!.responses[status]?.content?.['application/problem+json']?.schema).toBeDefined();
    }
    if (hasBody) expect(operation!.requestBody?.content['application/json']?.schema).toBeDefined();
  });

  it('documents one body schema per recordable event type', () => {
    const schema = paths['/v1/cards/{id}/events']?.post?.requestBody?.content['application/json']?.schema as { oneOf: unknown[] };
    expect(schema.oneOf).toHaveLength(14);
  });
});
