import { describe, expect, it } from '@jest/globals';
import { CardRefusedError } from './card.errors';
import { validateCardOpening } from './card.opening';
import { at } from './testing/builders';

const now = at('2025-04-14T10:00:00+02:00');
const valid = { dufNumber: '201258697561', nationality: 'US', dateOfBirth: '1990-06-15' };
const refusal = (input: Partial<typeof valid>, when = now): CardRefusedError => {
  try {
    validateCardOpening({ ...valid, ...input }, when, 'Europe/Oslo');
  } catch (error) {
    if (error instanceof CardRefusedError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('opening a card', () => {
  it.each(['US', 'IN', 'SY', 'ua', ' gb ', 'XK'])('accepts a non-EU/EEA national (%s), normalised to upper case', (nationality) => {
    expect(validateCardOpening({ ...valid, nationality }, now, 'Europe/Oslo')).toEqual({ ...valid, nationality: nationality.trim().toUpperCase() });
  });

  it.each(['SE', 'se', 'CH', 'NO', 'IS', 'LI', 'DE', 'IE'])('refuses an EU/EEA or Swiss national (%s)', (nationality) => {
    const error = refusal({ nationality });
    expect(error).toMatchObject({ code: 'CARD.EU_EEA_NATIONAL', kind: 'rule', status: null, allowedEvents: [] });
    expect(error.message).toContain('registration certificate');
  });

  it.each(['', 'USA', 'XX', 'EU', '1A', 'YU'])('refuses a nationality that is not an ISO alpha-2 country (%j)', (nationality) => {
    expect(refusal({ nationality }).code).toBe('CARD.INVALID_NATIONALITY');
  });

  it('refuses a malformed DUF number', () => {
    expect(refusal({ dufNumber: '20125869756' }).code).toBe('CARD.INVALID_DUF_NUMBER');
    expect(refusal({ dufNumber: '203058697561' }).message).toMatch(/1950–2025/);
  });

  it.each(['1990-02-30', '15.06.1990', '1899-12-31', '1990-6-15'])('refuses an impossible date of birth (%s)', (dateOfBirth) => {
    expect(refusal({ dateOfBirth }).code).toBe('CARD.INVALID_DATE_OF_BIRTH');
  });

  it('refuses a date of birth after today in Oslo, and accepts today', () => {
    expect(refusal({ dateOfBirth: '2025-04-15' }).code).toBe('CARD.DATE_OF_BIRTH_IN_FUTURE');
    expect(validateCardOpening({ ...valid, dateOfBirth: '2025-04-14' }, now, 'Europe/Oslo').dateOfBirth).toBe('2025-04-14');
    // 23:30 UTC on 13 April is already 14 April in Oslo: a baby born that night is accepted.
    expect(validateCardOpening({ ...valid, dateOfBirth: '2025-04-14' }, at('2025-04-13T23:30:00Z'), 'Europe/Oslo').dateOfBirth).toBe('2025-04-14');
  });
});
