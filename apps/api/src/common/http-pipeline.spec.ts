import { describe, expect, it } from '@jest/globals';
import { isJson, redactQuery } from './http-pipeline';

describe('redactQuery', () => {
  it('keeps harmless parameters and hides personal ones', () => {
    expect(redactQuery('/v1/cards?status=mailed&dufNumber=201258697561&limit=10')).toBe(
      '/v1/cards?status=mailed&dufNumber=[Redacted]&limit=10',
    );
    expect(redactQuery('/v1/calendar/holidays?year=2025')).toBe('/v1/calendar/holidays?year=2025');
    expect(redactQuery('/health/live')).toBe('/health/live');
  });
});

describe('isJson', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['application/merge-patch+json', true],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    [undefined, false],
  ])('%s → %s', (type, expected) => {
    expect(isJson(type)).toBe(expected);
  });
});
