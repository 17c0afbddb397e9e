import { describe, expect, it } from '@jest/globals';
import { MESSAGES } from '../i18n';
import { checkLookupForm } from './lookup-form';

const words = MESSAGES.en.applicant.lookup.errors;
const NOW = new Date('2026-01-06T09:00:00Z');
const check = (reference: string, dufNumber = '201258697561') => checkLookupForm({ reference, dufNumber }, words, NOW, 'Europe/Oslo');

describe('the look-up form', () => {
  it.each([
    ['CT-7K3Q-M9XD-2HFA', 'CT-7K3Q-M9XD-2HFA'],
    ['ct-7k3q-m9xd-2hfa', 'CT-7K3Q-M9XD-2HFA'],
    [' CT 7K3Q M9XD 2HFA ', 'CT-7K3Q-M9XD-2HFA'],
    ['7K3QM9XD2HFA', 'CT-7K3Q-M9XD-2HFA'],
    ['CT-7K3Q-M9XD-2HF0', 'CT-7K3Q-M9XD-2HF0'],
    ['ct-oooo-iiii-llll', 'CT-0000-1111-1111'],
  ])('takes the reference %j as %s', (typed, reference) => {
    expect(check(typed)).toEqual({ ok: true, value: { reference, dufNumber: '201258697561' } });
  });

  it('takes a DUF number with spaces, dots or dashes', () => {
    expect(check('CT-7K3Q-M9XD-2HFA', '2012 5869-7561')).toMatchObject({ ok: true, value: { dufNumber: '201258697561' } });
  });

  it.each([
    ['', '201258697561', { reference: words.referenceMissing }],
    ['CT-7K3Q-M9XD', '201258697561', { reference: words.referenceFormat }],
    ['CT-7K3Q-M9XD-2HFA', '', { dufNumber: words.dufMissing }],
    ['CT-7K3Q-M9XD-2HFA', '2012586975', { dufNumber: words.dufFormat }],
    ['CT-7K3Q-M9XD-2HFA', '202758697561', { dufNumber: words.dufYear }],
    ['x', 'y', { reference: words.referenceFormat, dufNumber: words.dufFormat }],
  ])('tells what is wrong with %j and %j', (reference, dufNumber, errors) => {
    expect(check(reference, dufNumber)).toEqual({ ok: false, errors });
  });
});
