import { describe, expect, it } from '@jest/globals';
import { POLICE_DISTRICTS } from '../card.events';
import { formatHumanDate, formatHumanInstant, MESSAGE_LANGUAGES, type MessageLanguage } from './human-dates';
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationParams } from './notification-kinds';
import { ADDRESS_ADVICE, DISTRICT_NAMES, renderNotification } from './texts';

const zone = 'Europe/Oslo';
const reference = 'CT-7KQ2-M9XD';

const PARAMS: Record<NotificationKind, NotificationParams> = {
  appointment_reminder: { appointmentAt: '2025-04-15T07:30:00.000Z' },
  address_check: { dueDate: '2025-05-16', orderedAt: '2025-04-15T08:00:00.000Z' },
  address_check_final: { dueDate: '2025-05-16', orderedAt: '2025-04-15T08:00:00.000Z' },
  card_mailed: { dueDate: '2025-05-16', trackingNumber: 'RR123456785NO' },
  card_returned: { reason: 'name_not_on_letterbox' },
  deadline_breached: { deadline: 'issue', dueDate: '2025-05-16' },
};

const render = (kind: NotificationKind, language: MessageLanguage, params = PARAMS[kind]) =>
  renderNotification(kind, language, { reference, params, districtName: DISTRICT_NAMES.oslo[language], zone });

describe('human dates in the business zone', () => {
  it('formats a date and an instant in English and bokmål', () => {
    expect(formatHumanDate('2025-04-15', 'en')).toBe('Tuesday 15 April 2025');
    expect(formatHumanDate('2025-04-15', 'nb')).toBe('tirsdag 15. april 2025');
    expect(formatHumanInstant('2025-04-15T07:30:00.000Z', 'en', zone)).toBe('Tuesday 15 April 2025 at 09:30');
    expect(formatHumanInstant(new Date('2025-04-15T07:30:00.000Z'), 'nb', zone)).toBe('tirsdag 15. april 2025 kl. 09:30');
  });

  it('uses the Oslo wall clock in winter', () => {
    expect(formatHumanInstant('2025-12-01T08:15:00.000Z', 'nb', zone)).toBe('mandag 1. desember 2025 kl. 09:15');
  });
});

describe('every kind in all three languages', () => {
  describe.each(NOTIFICATION_KINDS.flatMap((kind) => MESSAGE_LANGUAGES.map((lang) => [kind, lang] as const)))(
    '%s in %s',
    (kind, language) => {
      const { subject, text } = render(kind, language);

      it('has a subject and a text naming the card reference', () => {
        expect(subject.length).toBeGreaterThan(10);
        expect(text).toContain(reference);
      });

      it('carries no 12-digit run such as a DUF number', () => {
        expect(`${subject} ${text}`).not.toMatch(/\d{12}/);
      });

      it('has no unfilled placeholder', () => {
        expect(`${subject} ${text}`).not.toMatch(/undefined|null|\$\{|NaN|Invalid/);
      });
    },
  );
});

describe('what the texts say', () => {
  it.each(['address_check', 'address_check_final'] as const)('%s gives the Folkeregisteret and letter-box advice', (kind) => {
    const en = render(kind, 'en').text;
    const nb = render(kind, 'nb').text;
    expect(en).toContain(ADDRESS_ADVICE.en);
    expect(en).toContain('National Population Register (Folkeregisteret)');
    expect(en).toContain('your name is on your letter box');
    expect(en).toContain('returned to the police');
    expect(nb).toContain(ADDRESS_ADVICE.nb);
    expect(nb).toContain('Folkeregisteret');
    expect(nb).toContain('navnet ditt står på postkassen');
    expect(nb).toContain('sendt tilbake til politiet');
    expect(en).toContain('Friday 16 May 2025');
    expect(nb).toContain('fredag 16. mai 2025');
    const nn = render(kind, 'nn').text;
    expect(nn).toContain(ADDRESS_ADVICE.nn);
    expect(nn).toContain('namnet ditt står på postkassa');
    expect(nn).toContain('fredag 16. mai 2025');
  });

  it.each(NOTIFICATION_KINDS)('%s says it in nynorsk, not in bokmål', (kind) => {
    const nb = render(kind, 'nb');
    const nn = render(kind, 'nn');
    expect(nn.subject).not.toBe(nb.subject);
    expect(nn.text).not.toBe(nb.text);
    // Words only bokmål writes this way: a nynorsk text that still has them was not translated.
    expect(`${nn.subject} ${nn.text}`).not.toMatch(/\b(ikke|navnet|hvis|oppholdskort\w*|bilde|adressen|innen|være|fremme|også|derfor|søkere|påminnelse|forsinket)\b/i);
  });

  it('leaves the expected date out of an address check without a due date', () => {
    const { text } = render('address_check', 'en', {});
    expect(text).not.toContain('expected by');
    expect(text).toContain(ADDRESS_ADVICE.en);
  });

  it('gives the appointment time on the Oslo wall clock', () => {
    expect(render('appointment_reminder', 'en').text).toContain(
      'You have an appointment with Oslo police district on Tuesday 15 April 2025 at 09:30',
    );
    expect(render('appointment_reminder', 'nb').text).toContain(
      'Du har time hos Oslo politidistrikt tirsdag 15. april 2025 kl. 09:30',
    );
    expect(render('appointment_reminder', 'nn').text).toContain(
      'Du har time hos Oslo politidistrikt tysdag 15. april 2025 kl. 09:30 for å ta bilete og fingeravtrykk',
    );
  });

  it('gives the tracking number when the card is mailed, and leaves it out when unknown', () => {
    expect(render('card_mailed', 'en').text).toContain('Tracking number: RR123456785NO.');
    expect(render('card_mailed', 'nb').text).toContain('Sporingsnummer: RR123456785NO.');
    expect(render('card_mailed', 'en', {}).text).not.toContain('Tracking');
  });

  it('says why a card was returned and where to collect it', () => {
    expect(render('card_returned', 'en').text).toContain(
      'Posten could not deliver your residence card because your name was not on the letter box, so it has been returned to Oslo police district.',
    );
    expect(render('card_returned', 'nb').text).toContain(
      'Posten kunne ikke levere oppholdskortet ditt fordi navnet ditt ikke sto på postkassen, og det er derfor sendt tilbake til Oslo politidistrikt.',
    );
    expect(render('card_returned', 'nn').text).toContain(
      'Posten kunne ikkje levere opphaldskortet ditt fordi namnet ditt ikkje stod på postkassa, og difor er det sendt tilbake til Oslo politidistrikt.',
    );
    expect(render('card_returned', 'en', { reason: 'other' }).text).toContain(
      'Posten could not deliver your residence card, so it has been returned',
    );
  });

  it('tells caseworkers which deadline was breached', () => {
    expect(render('deadline_breached', 'en').text).toContain(
      `Residence card ${reference} in Oslo police district has passed its issue deadline: it was due by Friday 16 May 2025`,
    );
    expect(render('deadline_breached', 'nb', { deadline: 'reissue', dueDate: '2025-05-16' }).text).toContain(
      'har passert fristen for ny utstedelse: det skulle ha vært levert innen fredag 16. mai 2025',
    );
  });
});

describe('district names', () => {
  it('names all 12 districts in all three languages', () => {
    expect(Object.keys(DISTRICT_NAMES).sort()).toEqual([...POLICE_DISTRICTS].sort());
    for (const d of POLICE_DISTRICTS) {
      expect(DISTRICT_NAMES[d].en).toMatch(/ police district$/);
      expect(DISTRICT_NAMES[d].nb).toMatch(/ politidistrikt$/);
      expect(DISTRICT_NAMES[d].nn).toMatch(/ politidistrikt$/);
    }
    expect(DISTRICT_NAMES['sor-ost'].nn).toBe('Sør-Aust politidistrikt');
    expect(DISTRICT_NAMES['more-og-romsdal'].nb).toBe('Møre og Romsdal politidistrikt');
    expect(DISTRICT_NAMES['sor-ost'].en).toBe('Sør-Øst police district');
  });
});
