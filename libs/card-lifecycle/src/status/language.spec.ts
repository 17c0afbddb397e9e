import { describe, expect, it } from '@jest/globals';
import { pickLanguage } from './language';

describe('pickLanguage from Accept-Language', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['nb', 'nb'],
    ['nb-NO', 'nb'],
    ['no', 'nb'],
    ['no-NO', 'nb'],
    ['NB-no', 'nb'],
    ['nn', 'nn'],
    ['nn-NO,nn;q=0.9', 'nn'],
    ['NN-no', 'nn'],
    ['nn, nb;q=0.8, en;q=0.5', 'nn'],
    ['nb, nn;q=0.8', 'nb'],
    ['no, nn;q=0.9', 'nb'],
    ['constructor', 'en'],
    ['__proto__', 'en'],
    ['fr', 'en'],
    ['*', 'en'],
    ['de-DE,de;q=0.9', 'en'],
  ] as const)('%j → %s', (header, expected) => {
    expect(pickLanguage(header)).toBe(expected);
  });

  it('picks the supported language with the highest q-value', () => {
    expect(pickLanguage('en;q=0.5, nb;q=0.8')).toBe('nb');
    expect(pickLanguage('nb;q=0.4, en;q=0.6')).toBe('en');
    expect(pickLanguage('fr-FR, fr;q=0.9, nb;q=0.7, en;q=0.5')).toBe('nb');
    expect(pickLanguage('fr, en;q=0.3, nb;q=0.2')).toBe('en');
  });

  it('takes the earlier of two with the same q-value', () => {
    expect(pickLanguage('nb, en')).toBe('nb');
    expect(pickLanguage('en, nb')).toBe('en');
  });

  it('ignores languages refused with q=0 and malformed q-values', () => {
    expect(pickLanguage('nb;q=0, en;q=0.1')).toBe('en');
    expect(pickLanguage('nb;q=0')).toBe('en');
    expect(pickLanguage('nb;q=abc, en;q=0.5')).toBe('en');
    expect(pickLanguage(' nb ; q=0.9 ,en;q=0.8')).toBe('nb');
  });
});
