import { describe, expect, it } from '@jest/globals';
import { DUF_MIN_YEAR, dufNumberProblem, isValidDufNumber } from './duf-number';
import { at } from './testing/builders';

const now = at('2025-04-14T10:00:00+02:00');

describe('DUF number', () => {
  it('accepts 12 digits starting with a plausible year, whatever the check digits', () => {
    expect(isValidDufNumber('201258697561', now)).toBe(true);
    expect(isValidDufNumber('201258697560', now)).toBe(true);
    expect(isValidDufNumber('195000000000', now)).toBe(true);
    expect(isValidDufNumber('202599999999', now)).toBe(true);
  });

  it.each(['', '20125869756', '2012586975611', '2012-5869756', '20125869756a', ' 201258697561', '２０１２５８６９７５６１'])(
    'refuses %j: not exactly 12 digits',
    (value) => {
      expect(isValidDufNumber(value, now)).toBe(false);
      expect(dufNumberProblem(value, now)).toBe('dufNumber must be exactly 12 digits');
    },
  );

  it('refuses a year before 1950 or after the current year', () => {
    expect(DUF_MIN_YEAR).toBe(1950);
    expect(isValidDufNumber('194912345678', now)).toBe(false);
    expect(isValidDufNumber('202612345678', now)).toBe(false);
    expect(isValidDufNumber('000012345678', now)).toBe(false);
  });

  it('takes the current year in Oslo: on New Year night the new year is already valid there', () => {
    expect(isValidDufNumber('202612345678', at('2025-12-31T23:30:00Z'))).toBe(true);
    expect(isValidDufNumber('202612345678', at('2025-12-31T22:30:00Z'))).toBe(false);
  });
});
