import { describe, expect, it } from '@jest/globals';
import { parseDateInput, readForm, readQuery } from './form';
import { WebPageException } from './web-page.exception';

describe('readForm', () => {
  it('reads the named fields, empty when left out, and ignores the CSRF field', () => {
    expect(readForm({ reference: 'CT-1', _csrf: 't' }, ['reference', 'dufNumber'])).toEqual({ reference: 'CT-1', dufNumber: '' });
  });

  it.each([
    ['a repeated field', { reference: ['a', 'b'] }],
    ['an unknown field', { reference: 'a', admin: '1' }],
    ['a NUL character', { reference: 'a\u0000' }],
    ['an unpaired surrogate', { reference: '\ud800' }],
    ['a value too long', { reference: 'x'.repeat(101) }],
    ['a body that is not an object', 'reference=a'],
  ])('refuses %s as a form our pages did not send', (_name, body) => {
    expect(() => readForm(body, ['reference'])).toThrow(WebPageException);
  });
});

describe('readQuery', () => {
  it('tells a parameter not sent from one sent empty, and refuses a repeated one', () => {
    expect(readQuery({ departure: '', lang: 'nn' }, ['departure', 'appointment'])).toEqual({ departure: '' });
    expect(() => readQuery({ departure: ['a', 'b'] }, ['departure'])).toThrow(WebPageException);
  });
});

describe('parseDateInput', () => {
  it.each([
    ['2027-01-20', '2027-01-20'],
    ['20.01.2027', '2027-01-20'],
    ['1.2.2027', '2027-02-01'],
    [' 20/1/2027 ', '2027-01-20'],
    ['20-01-2027', '2027-01-20'],
    ['2027-02-29', null],
    ['31.04.2027', null],
    ['tomorrow', null],
    ['', null],
  ])('%j → %s', (input, expected) => {
    expect(parseDateInput(input)).toBe(expected);
  });
});
