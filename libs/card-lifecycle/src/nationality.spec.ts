import { describe, expect, it } from '@jest/globals';
import { EU_EEA_COUNTRIES, ISO_COUNTRY_CODES, isEuEeaNational, isKnownCountryCode } from './nationality';

describe('EU/EEA nationality', () => {
  it('holds the EU-27, Iceland, Liechtenstein, Norway and Switzerland', () => {
    expect(EU_EEA_COUNTRIES.size).toBe(27 + 3 + 1);
    for (const code of EU_EEA_COUNTRIES) expect(ISO_COUNTRY_CODES.has(code)).toBe(true);
  });

  it.each(['SE', 'se', 'Fi', 'CH', 'NO', 'IS', 'LI', 'HR', 'CY'])('%s is EU/EEA', (code) => {
    expect(isEuEeaNational(code)).toBe(true);
  });

  it.each(['US', 'IN', 'GB', 'UA', 'TR', 'RS', 'GL', 'XK'])('%s is not EU/EEA', (code) => {
    expect(isEuEeaNational(code)).toBe(false);
  });
});

describe('ISO country codes', () => {
  it('has the 249 officially assigned codes plus XK', () => {
    expect(ISO_COUNTRY_CODES.size).toBe(250);
    expect(isKnownCountryCode('xk')).toBe(true);
  });

  it.each(['EU', 'UN', 'ZZ', 'UK', 'YU', 'SU', 'A', 'USA'])('%s is not a country code', (code) => {
    expect(isKnownCountryCode(code)).toBe(false);
  });
});
