import type { ConsoleMessages } from './console-messages';

export const consoleNn: ConsoleMessages = {
  serviceName: 'cardtrail – saksbehandlarar',
  footer: ['For saksbehandlarar i politidistrikta. Alt du registrerer her, blir logga med brukarnamnet ditt.'],
  nav: {
    label: 'Konsoll',
    overview: 'Oversikt',
    openCard: 'Opprett kort',
    compliance: 'Fristoppfølging',
    closures: 'Stengde dagar',
    queues: 'Køoversikt',
    apiDocs: 'API-dokumentasjon',
    signOut: 'Logg ut',
    signedInAs: (sub, role, district) => `Logga inn som ${sub}, ${role}${district ? ` i ${district}` : ''}`,
  },
  roles: { caseworker: 'saksbehandlar', admin: 'administrator' },
  signIn: {
    title: 'Logg inn',
    intro: 'Lim inn tilgangsnøkkelen du fekk frå innlogginga i verksemda di. Konsollet tek vare på han i denne nettlesaren til han går ut, og viser han aldri igjen.',
    localUse: 'På ei utviklingsmaskin lagar npm run token ein nøkkel.',
    tokenLabel: 'Tilgangsnøkkel',
    tokenHint: 'Ein lang tekst i tre delar skilde med punktum.',
    submit: 'Logg inn',
    expired: 'Tilgangsnøkkelen din har gått ut, så du er logga ut. Logg inn igjen med ein ny nøkkel.',
    signedOut: 'Du er logga ut.',
    errors: {
      tokenMissing: 'Lim inn tilgangsnøkkelen din.',
      tokenExpired: 'Denne tilgangsnøkkelen har gått ut. Hent ein ny og lim han inn.',
      tokenInvalid: 'Dette er ikkje ein gyldig tilgangsnøkkel for cardtrail. Sjekk at du kopierte heile.',
    },
  },
  overview: {
    title: 'Oversikt',
  },
};
