import { describe, expect, it } from '@jest/globals';
import { unsafeTextReason } from './text-input.guard';

describe('unsafeTextReason', () => {
  it.each([
    ['NUL alone', '\u0000'],
    ['NUL inside', 'Amina\u0000Haddad'],
    ['a lone high surrogate', 'a\ud800'],
    ['a lone high surrogate at the start', '\udbffb'],
    ['a lone low surrogate', 'x\udc00'],
    ['a reversed pair', '\udc00\ud800'],
    ['a pair followed by a lone high one', '𝒜\ud800'],
  ])('refuses %s', (_name, value) => {
    expect(unsafeTextReason(value)).not.toBeNull();
  });

  it.each([
    ['plain text', 'Storgata 1'],
    ['Norwegian letters', 'Ærlig Østre Åsen'],
    ['a surrogate pair', '𝒜'],
    ['emoji sequences', '🇳🇴🧑‍🤝‍🧑'],
    ['combining marks, RTL marks, BOM, U+FFFF', 'e\u0301\u202b\ufeff\uffff'],
    ['an escaped NUL written out', '\\u0000'],
    ['empty', ''],
  ])('accepts %s', (_name, value) => {
    expect(unsafeTextReason(value)).toBeNull();
  });

  it('names NUL before surrogates', () => {
    expect(unsafeTextReason('\u0000\ud800')).toMatch(/NUL/);
    expect(unsafeTextReason('\ud800')).toMatch(/unpaired surrogate/);
  });
});
