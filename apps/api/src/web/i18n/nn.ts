import { consoleNn } from '../console/i18n/console-nn';
import type { Messages } from './messages';

const count = (n: number, one: string, many: string): string => `${n} ${Math.abs(n) === 1 ? one : many}`;

export const nn: Messages = {
  languageName: 'Nynorsk',
  common: {
    skipLink: 'Hopp til hovudinnhaldet',
    languageSwitch: 'Språk',
    errorTitlePrefix: 'Feil: ',
    errorSummaryHeading: 'Dette må du rette',
    workingDays: (n) => count(n, 'yrkedag', 'yrkedagar'),
    timeOfDay: (hhmm) => `kl. ${hhmm}`,
    minutes: (n) => `omtrent ${count(n, 'minutt', 'minutt')}`,
    startAgain: 'Start på nytt',
    errors: {
      expired: {
        title: 'Sida har gått ut på tid',
        body: [
          'Av omsyn til tryggleiken verkar skjemaa i denne tenesta berre ei kort stund.',
          'Det skjer òg dersom nettlesaren din blokkerer informasjonskapslar. Tenesta brukar berre informasjonskapslar ho treng for å verke.',
          'Gå tilbake til start og prøv igjen.',
        ],
      },
      forbidden: {
        title: 'Du har ikkje tilgang til denne sida',
        body: ['Ho høyrer til eit anna politidistrikt, eller ho er for ei anna rolle.', 'Gå tilbake til start.'],
      },
      malformed: {
        title: 'Skjemaet kunne ikkje lesast',
        body: ['Noko var gale med det nettlesaren din sende.', 'Gå tilbake til start og prøv igjen.'],
      },
      notFound: {
        title: 'Fann ikkje sida',
        body: ['Sjekk at adressa er rett.', 'Du kan slå opp kortet ditt frå startsida.'],
      },
      unavailable: {
        title: 'Tenesta er ikkje tilgjengeleg akkurat no',
        body: ['Prøv igjen om nokre minutt.', 'Dette påverkar ikkje kortet ditt.'],
      },
      failed: {
        title: 'Orsak, noko gjekk gale',
        body: ['Prøv igjen seinare.', 'Dette påverkar ikkje kortet ditt.'],
      },
    },
  },
  applicant: {
    serviceName: 'Kvar er opphaldskortet mitt?',
    lookup: {
      title: 'Slå opp opphaldskortet ditt',
      intro: 'Sjå kvar kortet ditt er, når det skal kome, og kva du må gjere.',
      youNeed: 'Du treng:',
      needReference: 'referansen til kortet, som står i meldingane vi sender deg om kortet',
      needDuf: 'DUF-nummeret ditt, som står på brev frå UDI og politiet',
      referenceLabel: 'Referanse til kortet',
      referenceHint: 'Han byrjar med CT-, til dømes CT-7K3Q-M9XD-2HFA.',
      dufLabel: 'DUF-nummer',
      dufHint: '12 siffer, til dømes 2016 0123 4567.',
      submit: 'Vis kortet mitt',
      privacy: 'Tenesta viser ikkje namnet ditt, adressa di eller DUF-nummeret ditt.',
      travelLink: 'Skal du reise? Sjå når du kan vente kortet etter ein time hos politiet',
      expired: 'Av omsyn til tryggleiken blir sida om kortet ditt lukka etter 30 minutt. Slå opp kortet ditt på nytt.',
      errors: {
        referenceMissing: 'Skriv inn referansen til kortet.',
        referenceFormat: 'Referansen er CT- og 12 bokstavar og tal, til dømes CT-7K3Q-M9XD-2HFA.',
        dufMissing: 'Skriv inn DUF-nummeret ditt.',
        dufFormat: 'DUF-nummeret har 12 siffer, til dømes 2016 0123 4567.',
        dufYear: 'DUF-nummeret byrjar med året for den første søknaden din, til dømes 2012.',
        notFound:
          'Vi fann ikkje noko kort med denne referansen og dette DUF-nummeret. Sjekk begge mot breva dine og prøv igjen.',
      },
    },
    tooManyTries: {
      title: 'For mange forsøk',
      body: 'Du har prøvd for mange gonger med ein referanse eller eit DUF-nummer som ikkje stemde. Av omsyn til tryggleiken må du vente før du prøver igjen.',
      tryAgainAt: (time, wait) => `Du kan prøve igjen ${time} (om ${wait}).`,
      back: 'Tilbake til oppslaget',
    },
    status: {
      title: 'Opphaldskortet ditt',
      reference: 'Referanse',
      nowHeading: 'Her er kortet ditt no',
      statusNames: {
        awaiting_appointment: 'Ventar på time',
        appointment_booked: 'Time bestilt',
        biometrics_captured: 'Bilete og fingeravtrykk tekne',
        ordered: 'Kortet er bestilt',
        produced: 'Kortet er laga',
        mailed: 'Sendt i posten',
        delivered: 'Levert',
        returned: 'Sendt tilbake til politiet',
        lost_in_mail: 'Borte i posten',
        reissue_ordered: 'Nytt kort bestilt',
        replacement_requested: 'Bede om nytt kort',
        cancelled: 'Avslutta',
      },
      expectedLabel: 'Kortet skal kome',
      estimateLabel: 'Kortet skal kome, dersom timen går som planlagt',
      by: (date) => `innan ${date}`,
      daysLeft: (days) => `${days} frå i dag`,
      lastDay: 'I dag er siste dag',
      daysLate: (days) => `${days} for seint`,
      deliveredOn: (date) => `Levert ${date}`,
      district: 'Politidistrikt',
      lateHeading: 'Kortet ditt er forseinka',
      late: (days, lostInMail) =>
        lostInMail
          ? `Politiet skal sende eit nytt kort innan ${days} etter at eit kort er borte i posten. Den tida har gått.`
          : `Politiet skal sende kortet ditt innan ${days} etter at bilete og fingeravtrykk er tekne. Den tida har gått.`,
      lateNoNewApplication: 'Du treng ikkje søkje på nytt eller bestille ny time.',
      lateContact: (district) =>
        `Ta kontakt med ${district} dersom du har spørsmål. Telefonnummeret til politiet er 02800.`,
      nextHeading: 'Dette skjer vidare',
      addressHeading: 'Sjekk adressa di',
      addressButton: 'Eg har sjekka adressa mi',
      addressConfirmed: 'Takk. Du har stadfesta at adressa di er rett.',
      addressMoved: 'Dersom du har flytta, må du først melde flytting til Folkeregisteret.',
      addressStep: 'Sjekk adressa di, og sei frå nedanfor at du har sjekka ho.',
      stepsHeading: 'Steg',
      stepNames: {
        awaiting_appointment: 'Bestill time',
        appointment_booked: 'Time bestilt',
        biometrics_captured: 'Bilete og fingeravtrykk tekne',
        ordered: 'Kortet bestilt',
        produced: 'Kortet laga',
        mailed: 'Sendt i posten',
        delivered: 'Levert',
        returned: 'Sendt tilbake til politiet',
        lost_in_mail: 'Borte i posten',
        reissue_ordered: 'Nytt kort bestilt',
        replacement_requested: 'Bede om nytt kort',
        cancelled: 'Saka avslutta',
      },
      stepMissed: 'Du kom ikkje til timen',
      stepCollected: 'Henta hos politiet',
      stepDone: 'Ferdig:',
      stepNow: 'No:',
      stepNext: 'Neste:',
      stepExpected: (date) => `Venta innan ${date}`,
      endHeading: 'Slå opp eit anna kort',
      endBody: 'Dette lukkar sida om dette kortet på denne eininga.',
      endButton: 'Lukk og slå opp eit anna kort',
      cancelledConfirm: 'Saka er avslutta, så det er inga adresse å stadfeste.',
    },
    travel: {
      heading: 'Skal du reise til utlandet?',
      intro: 'Sjå om kortet ditt skal kome før du reiser frå Noreg.',
      departureLabel: 'Når reiser du frå Noreg?',
      departureHint: 'Datoen du reiser.',
      appointmentLabel: 'Når har du time hos politiet?',
      appointmentHint: 'Dersom du ikkje har bestilt time enno, skriv datoen du håpar å få.',
      submit: 'Sjekk datoen',
      errors: {
        departureMissing: 'Skriv inn datoen du reiser frå Noreg.',
        appointmentMissing: 'Skriv inn datoen for timen din.',
        notADate: 'Skriv inn ein gyldig dato, til dømes 20.01.2027.',
        departurePast: 'Datoen du reiser, må vere i dag eller seinare.',
        appointmentPast: 'Timen må vere i dag eller seinare.',
        tooFar: 'Skriv inn ein dato innan dei neste to åra.',
      },
      result: {
        beforeHeading: 'Kortet ditt skal kome før du reiser',
        before: (expected, spare, departure) =>
          `Det skal kome innan ${expected}. Det er ${spare} før du reiser ${departure}.`,
        tightHeading: 'Kortet ditt skal kome like før du reiser',
        tight: (expected, spare, departure) =>
          `Det skal kome innan ${expected}. Det er berre ${spare} før du reiser ${departure}. Det er lite tid dersom posten er sein.`,
        noneToSpare: (expected, departure) =>
          `Det skal kome innan ${expected}. Du reiser ${departure}, utan nokon yrkedag imellom. Det er lite tid dersom posten er sein.`,
        afterHeading: 'Kortet ditt kjem truleg ikkje før du reiser',
        after: (expected, departure) => `Det skal kome innan ${expected}. Du reiser ${departure}.`,
        afterAdvice: (district) => `Ta kontakt med ${district} før du reiser, og spør kva du kan gjere.`,
        estimateNote: (days) =>
          `Dette er eit overslag. Kortet kjem i posten omtrent ${days} etter at bilete og fingeravtrykk er tekne.`,
        fromAppointment: (appointment, expected) => `Etter ein time ${appointment} skal kortet kome innan ${expected}.`,
      },
      late: (district) =>
        `Kortet ditt er forseinka, så vi kan ikkje seie om det kjem før du reiser. Ta kontakt med ${district} før du reiser.`,
      waitingAtPolice: 'Kortet ditt ventar på deg hos politiet. Hent det før du reiser.',
    },
    planner: {
      title: 'Når kan eg vente kortet?',
      intro: (days) =>
        `Kortet kjem i posten omtrent ${days} etter at politiet har teke bilete og fingeravtrykk. Skriv inn datoen for timen din for å sjå når du kan vente kortet. Legg til datoen du reiser for å sjå om kortet kjem først.`,
      back: 'Slå opp kortet ditt',
    },
    footer: [
      'Spørsmål om kortet ditt? Ta kontakt med politidistriktet ditt. Telefonnummeret til politiet er 02800.',
    ],
  },
  console: consoleNn,
};
