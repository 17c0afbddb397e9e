import type { ConsoleMessages } from './console-messages';

export const consoleNb: ConsoleMessages = {
  serviceName: 'cardtrail – saksbehandlere',
  footer: ['For saksbehandlere i politidistriktene. Alt du registrerer her, blir logget med brukernavnet ditt.'],
  nav: {
    label: 'Konsoll',
    overview: 'Oversikt',
    openCard: 'Opprett kort',
    compliance: 'Fristoppfølging',
    closures: 'Stengte dager',
    queues: 'Køoversikt',
    apiDocs: 'API-dokumentasjon',
    signOut: 'Logg ut',
    signedInAs: (sub, role, district) => `Logget inn som ${sub}, ${role}${district ? ` i ${district}` : ''}`,
  },
  roles: { caseworker: 'saksbehandler', admin: 'administrator' },
  signIn: {
    title: 'Logg inn',
    intro: 'Lim inn tilgangsnøkkelen du fikk fra innloggingen i virksomheten din. Konsollet tar vare på den i denne nettleseren til den går ut, og viser den aldri igjen.',
    localUse: 'På en utviklingsmaskin lager npm run token en nøkkel.',
    tokenLabel: 'Tilgangsnøkkel',
    tokenHint: 'En lang tekst i tre deler skilt med punktum.',
    submit: 'Logg inn',
    expired: 'Tilgangsnøkkelen din har gått ut, så du er logget ut. Logg inn igjen med en ny nøkkel.',
    signedOut: 'Du er logget ut.',
    errors: {
      tokenMissing: 'Lim inn tilgangsnøkkelen din.',
      tokenExpired: 'Denne tilgangsnøkkelen har gått ut. Hent en ny og lim den inn.',
      tokenInvalid: 'Dette er ikke en gyldig tilgangsnøkkel for cardtrail. Sjekk at du kopierte hele.',
    },
  },
  overview: {
    title: 'Oversikt',
  },
};
