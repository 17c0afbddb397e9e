import { consoleNb } from '../console/i18n/console-nb';
import type { Messages } from './messages';

const count = (n: number, one: string, many: string): string => `${n} ${Math.abs(n) === 1 ? one : many}`;

export const nb: Messages = {
  languageName: 'Bokmål',
  common: {
    skipLink: 'Hopp til hovedinnholdet',
    languageSwitch: 'Språk',
    errorTitlePrefix: 'Feil: ',
    errorSummaryHeading: 'Dette må du rette',
    workingDays: (n) => count(n, 'virkedag', 'virkedager'),
    timeOfDay: (hhmm) => `kl. ${hhmm}`,
    minutes: (n) => `omtrent ${count(n, 'minutt', 'minutter')}`,
    startAgain: 'Start på nytt',
    errors: {
      expired: {
        title: 'Siden er utløpt',
        body: [
          'Av sikkerhetshensyn virker skjemaene i denne tjenesten bare en kort stund.',
          'Det skjer også hvis nettleseren din blokkerer informasjonskapsler. Tjenesten bruker bare informasjonskapsler den trenger for å virke.',
          'Gå tilbake til start og prøv igjen.',
        ],
      },
      forbidden: {
        title: 'Du har ikke tilgang til denne siden',
        body: ['Den hører til et annet politidistrikt, eller den er for en annen rolle.', 'Gå tilbake til start.'],
      },
      malformed: {
        title: 'Skjemaet kunne ikke leses',
        body: ['Noe var galt med det nettleseren din sendte.', 'Gå tilbake til start og prøv igjen.'],
      },
      notFound: {
        title: 'Fant ikke siden',
        body: ['Sjekk at adressen er riktig.', 'Du kan slå opp kortet ditt fra startsiden.'],
      },
      unavailable: {
        title: 'Tjenesten er ikke tilgjengelig akkurat nå',
        body: ['Prøv igjen om noen minutter.', 'Dette påvirker ikke kortet ditt.'],
      },
      failed: {
        title: 'Beklager, noe gikk galt',
        body: ['Prøv igjen senere.', 'Dette påvirker ikke kortet ditt.'],
      },
    },
  },
  applicant: {
    serviceName: 'Hvor er oppholdskortet mitt?',
    lookup: {
      title: 'Slå opp oppholdskortet ditt',
      intro: 'Se hvor kortet ditt er, når det skal komme, og hva du må gjøre.',
      youNeed: 'Du trenger:',
      needReference: 'referansen til kortet, som står i meldingene vi sender deg om kortet',
      needDuf: 'DUF-nummeret ditt, som står på brev fra UDI og politiet',
      referenceLabel: 'Referanse til kortet',
      referenceHint: 'Den begynner med CT-, for eksempel CT-7K3Q-M9XD-2HFA.',
      dufLabel: 'DUF-nummer',
      dufHint: '12 sifre, for eksempel 2016 0123 4567.',
      submit: 'Vis kortet mitt',
      privacy: 'Tjenesten viser ikke navnet ditt, adressen din eller DUF-nummeret ditt.',
      travelLink: 'Skal du reise? Se når du kan vente kortet etter en time hos politiet',
      expired: 'Av sikkerhetshensyn lukkes siden om kortet ditt etter 30 minutter. Slå opp kortet ditt på nytt.',
      errors: {
        referenceMissing: 'Skriv inn referansen til kortet.',
        referenceFormat: 'Referansen er CT- og 12 bokstaver og tall, for eksempel CT-7K3Q-M9XD-2HFA.',
        dufMissing: 'Skriv inn DUF-nummeret ditt.',
        dufFormat: 'DUF-nummeret har 12 sifre, for eksempel 2016 0123 4567.',
        dufYear: 'DUF-nummeret begynner med året for den første søknaden din, for eksempel 2012.',
        notFound:
          'Vi fant ikke noe kort med denne referansen og dette DUF-nummeret. Sjekk begge mot brevene dine og prøv igjen.',
      },
    },
    tooManyTries: {
      title: 'For mange forsøk',
      body: 'Du har prøvd for mange ganger med en referanse eller et DUF-nummer som ikke stemte. Av sikkerhetshensyn må du vente før du prøver igjen.',
      tryAgainAt: (time, wait) => `Du kan prøve igjen ${time} (om ${wait}).`,
      back: 'Tilbake til oppslaget',
    },
    status: {
      title: 'Oppholdskortet ditt',
      reference: 'Referanse',
      nowHeading: 'Her er kortet ditt nå',
      statusNames: {
        awaiting_appointment: 'Venter på time',
        appointment_booked: 'Time bestilt',
        biometrics_captured: 'Bilde og fingeravtrykk tatt',
        ordered: 'Kortet er bestilt',
        produced: 'Kortet er laget',
        mailed: 'Sendt i posten',
        delivered: 'Levert',
        returned: 'Sendt tilbake til politiet',
        lost_in_mail: 'Borte i posten',
        reissue_ordered: 'Nytt kort bestilt',
        replacement_requested: 'Bedt om nytt kort',
        cancelled: 'Avsluttet',
      },
      expectedLabel: 'Kortet skal komme',
      estimateLabel: 'Kortet skal komme, hvis timen går som planlagt',
      by: (date) => `innen ${date}`,
      daysLeft: (days) => `${days} fra i dag`,
      lastDay: 'I dag er siste dag',
      daysLate: (days) => `${days} for sent`,
      deliveredOn: (date) => `Levert ${date}`,
      district: 'Politidistrikt',
      lateHeading: 'Kortet ditt er forsinket',
      late: (days, lostInMail) =>
        lostInMail
          ? `Politiet skal sende et nytt kort innen ${days} etter at et kort er borte i posten. Den tiden har gått.`
          : `Politiet skal sende kortet ditt innen ${days} etter at bilde og fingeravtrykk er tatt. Den tiden har gått.`,
      lateNoNewApplication: 'Du trenger ikke å søke på nytt eller bestille ny time.',
      lateContact: (district) =>
        `Ta kontakt med ${district} hvis du har spørsmål. Telefonnummeret til politiet er 02800.`,
      nextHeading: 'Dette skjer videre',
      addressHeading: 'Sjekk adressen din',
      addressButton: 'Jeg har sjekket adressen min',
      addressConfirmed: 'Takk. Du har bekreftet at adressen din er riktig.',
      addressMoved: 'Hvis du har flyttet, må du først melde flytting til Folkeregisteret.',
      addressStep: 'Sjekk adressen din, og si fra nedenfor at du har sjekket den.',
      stepsHeading: 'Steg',
      stepNames: {
        awaiting_appointment: 'Bestill time',
        appointment_booked: 'Time bestilt',
        biometrics_captured: 'Bilde og fingeravtrykk tatt',
        ordered: 'Kortet bestilt',
        produced: 'Kortet laget',
        mailed: 'Sendt i posten',
        delivered: 'Levert',
        returned: 'Sendt tilbake til politiet',
        lost_in_mail: 'Borte i posten',
        reissue_ordered: 'Nytt kort bestilt',
        replacement_requested: 'Bedt om nytt kort',
        cancelled: 'Saken avsluttet',
      },
      stepMissed: 'Du kom ikke til timen',
      stepCollected: 'Hentet hos politiet',
      stepDone: 'Ferdig:',
      stepNow: 'Nå:',
      stepNext: 'Neste:',
      stepExpected: (date) => `Ventes innen ${date}`,
      endHeading: 'Slå opp et annet kort',
      endBody: 'Dette lukker siden om dette kortet på denne enheten.',
      endButton: 'Lukk og slå opp et annet kort',
      cancelledConfirm: 'Saken er avsluttet, så det er ingen adresse å bekrefte.',
    },
    travel: {
      heading: 'Skal du reise til utlandet?',
      intro: 'Se om kortet ditt skal komme før du reiser fra Norge.',
      departureLabel: 'Når reiser du fra Norge?',
      departureHint: 'Datoen du reiser.',
      appointmentLabel: 'Når har du time hos politiet?',
      appointmentHint: 'Hvis du ikke har bestilt time ennå, skriv datoen du håper å få.',
      submit: 'Sjekk datoen',
      errors: {
        departureMissing: 'Skriv inn datoen du reiser fra Norge.',
        appointmentMissing: 'Skriv inn datoen for timen din.',
        notADate: 'Skriv inn en gyldig dato, for eksempel 20.01.2027.',
        departurePast: 'Datoen du reiser, må være i dag eller senere.',
        appointmentPast: 'Timen må være i dag eller senere.',
        tooFar: 'Skriv inn en dato innen de neste to årene.',
      },
      result: {
        beforeHeading: 'Kortet ditt skal komme før du reiser',
        before: (expected, spare, departure) =>
          `Det skal komme innen ${expected}. Det er ${spare} før du reiser ${departure}.`,
        tightHeading: 'Kortet ditt skal komme like før du reiser',
        tight: (expected, spare, departure) =>
          `Det skal komme innen ${expected}. Det er bare ${spare} før du reiser ${departure}. Det er lite tid hvis posten er treg.`,
        noneToSpare: (expected, departure) =>
          `Det skal komme innen ${expected}. Du reiser ${departure}, uten noen virkedag imellom. Det er lite tid hvis posten er treg.`,
        afterHeading: 'Kortet ditt kommer trolig ikke før du reiser',
        after: (expected, departure) => `Det skal komme innen ${expected}. Du reiser ${departure}.`,
        afterAdvice: (district) => `Ta kontakt med ${district} før du reiser, og spør hva du kan gjøre.`,
        estimateNote: (days) =>
          `Dette er et anslag. Kortet kommer i posten omtrent ${days} etter at bilde og fingeravtrykk er tatt.`,
        fromAppointment: (appointment, expected) => `Etter en time ${appointment} skal kortet komme innen ${expected}.`,
      },
      late: (district) =>
        `Kortet ditt er forsinket, så vi kan ikke si om det kommer før du reiser. Ta kontakt med ${district} før du reiser.`,
      waitingAtPolice: 'Kortet ditt venter på deg hos politiet. Hent det før du reiser.',
    },
    planner: {
      title: 'Når kan jeg vente kortet?',
      intro: (days) =>
        `Kortet kommer i posten omtrent ${days} etter at politiet har tatt bilde og fingeravtrykk. Skriv inn datoen for timen din for å se når du kan vente kortet. Legg til datoen du reiser for å se om kortet kommer først.`,
      back: 'Slå opp kortet ditt',
    },
    footer: [
      'Spørsmål om kortet ditt? Ta kontakt med politidistriktet ditt. Telefonnummeret til politiet er 02800.',
    ],
  },
  console: consoleNb,
};
