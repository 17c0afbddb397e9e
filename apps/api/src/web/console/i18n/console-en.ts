import type { ConsoleMessages } from './console-messages';

export const consoleEn: ConsoleMessages = {
  serviceName: 'cardtrail – caseworkers',
  footer: ['For caseworkers of the police districts. Everything you record here is logged with your user name.'],
  nav: {
    label: 'Console',
    overview: 'Overview',
    openCard: 'Open a card',
    compliance: 'Compliance',
    closures: 'Closure days',
    queues: 'Queue dashboard',
    apiDocs: 'API docs',
    signOut: 'Sign out',
    signedInAs: (sub, role, district) => `Signed in as ${sub}, ${role}${district ? ` in ${district}` : ''}`,
  },
  roles: { caseworker: 'caseworker', admin: 'administrator' },
  signIn: {
    title: 'Sign in',
    intro: 'Paste the access token you got from your organisation’s sign-in. The console keeps it in this browser until it expires, and never shows it again.',
    localUse: 'On a development machine, npm run token makes one.',
    tokenLabel: 'Access token',
    tokenHint: 'A long text in three parts separated by dots.',
    submit: 'Sign in',
    expired: 'Your access token has expired, so you have been signed out. Sign in again with a new token.',
    signedOut: 'You have signed out.',
    errors: {
      tokenMissing: 'Paste your access token.',
      tokenExpired: 'This access token has expired. Get a new one and paste it.',
      tokenInvalid: 'This is not a valid access token for cardtrail. Check that you copied all of it.',
    },
  },
  overview: {
    title: 'Overview',
  },
};
