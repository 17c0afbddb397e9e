/**
 * The pages' own stylesheet, on top of Designsystemet (whose rules sit in `@layer ds`; these are
 * unlayered, so they win where they overlap). Layout only: colours, sizes and spacing come from
 * Designsystemet's tokens, so contrast and focus stay the design system's.
 *
 * Kept as a string in a module (not a .css file) so the build copies it with the code; the
 * fonts' fingerprinted URLs are filled in when the registry builds it.
 */
export function cardtrailCss(fonts: { latin: string; latinExt: string }): string {
  return `/* Inter, the typeface of the Designsystemet theme, served from this service (no CDN). */
@font-face {
  font-family: Inter;
  font-style: normal;
  font-display: swap;
  font-weight: 100 900;
  src: url(${fonts.latinExt}) format('woff2');
  unicode-range: U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+0304, U+0308, U+0329, U+1D00-1DBF, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF;
}
@font-face {
  font-family: Inter;
  font-style: normal;
  font-display: swap;
  font-weight: 100 900;
  src: url(${fonts.latin}) format('woff2');
  unicode-range: U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD;
}

html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  min-height: 100vh;
  display: flex;
  flex-direction: column;
  font-family: var(--ds-font-family), system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  overflow-wrap: break-word;
}
.ct-container {
  box-sizing: border-box;
  width: 100%;
  max-width: 44rem;
  margin-inline: auto;
  padding-inline: var(--ds-size-4);
}
.ct-container--wide { max-width: 72rem; }
.ct-skip-link { position: absolute; top: 0; left: 0; z-index: 10; }
/* Designsystemet shows the skip link on focus without an outline; give it the focus ring too. */
.ct-skip-link:focus {
  position: absolute;
  outline: var(--ds-border-width-focus) solid var(--ds-color-focus-outer);
  box-shadow: inset 0 0 0 var(--ds-border-width-focus) var(--ds-color-focus-inner);
}

.ct-header {
  border-bottom: 0.375rem solid var(--ds-color-accent-base-default);
  background: var(--ds-color-neutral-background-default);
}
.ct-header__inner {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: var(--ds-size-3) var(--ds-size-6);
  padding-block: var(--ds-size-4);
}
.ct-service-name { font-size: 1.125rem; font-weight: 600; }
.ct-languages ul { display: flex; flex-wrap: wrap; gap: var(--ds-size-1) var(--ds-size-4); margin: 0; padding: 0; list-style: none; }
.ct-languages [aria-current] { font-weight: 600; }

/* The console's bar under the header: its pages, who is signed in, sign out. */
.ct-site-nav { border-bottom: 1px solid var(--ds-color-neutral-border-subtle); background: var(--ds-color-neutral-background-tinted); }
.ct-site-nav__inner { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: var(--ds-size-2) var(--ds-size-6); padding-block: var(--ds-size-3); }
.ct-site-nav ul { display: flex; flex-wrap: wrap; gap: var(--ds-size-2) var(--ds-size-5); margin: 0; padding: 0; list-style: none; }
.ct-site-nav [aria-current='page'] { font-weight: 700; text-decoration-thickness: 0.2em; }
/* The console's pages: toolbars of small forms, counts at a glance, tables that scroll on a phone. */
.ct-toolbar { display: flex; flex-wrap: wrap; gap: var(--ds-size-4) var(--ds-size-10); align-items: flex-end; }
.ct-inline-form { display: flex; flex-wrap: wrap; gap: var(--ds-size-3); align-items: flex-end; }
.ct-inline-form .ds-field { min-width: min(18rem, 100%); }
.ct-glance { display: flex; flex-wrap: wrap; gap: var(--ds-size-3); margin: 0; padding: 0; list-style: none; }
.ct-glance__item {
  display: flex; flex-direction: column; min-width: 9rem; padding: var(--ds-size-3) var(--ds-size-4);
  border: 1px solid var(--ds-color-neutral-border-default); border-radius: var(--ds-border-radius-md);
  color: var(--ds-color-neutral-text-default); text-decoration: none; background: var(--ds-color-neutral-background-default);
}
.ct-glance__item:hover { border-color: var(--ds-color-accent-border-strong); }
.ct-glance__item:focus-visible { outline: var(--ds-border-width-focus) solid var(--ds-color-focus-outer); }
.ct-glance__item--warning { border-color: var(--ds-color-danger-border-default); border-width: 2px; }
.ct-glance__count { font-size: 1.75rem; font-weight: 700; }

.ct-narrow { max-width: 44rem; }
.ct-danger { color: var(--ds-color-danger-text-default); }
.ct-table-wrap { overflow-x: auto; max-width: 100%; }
.ct-table-wrap:focus-visible { outline: var(--ds-border-width-focus) solid var(--ds-color-focus-outer); }
.ct-table-wrap table { width: 100%; }
.ct-actions { display: flex; flex-wrap: wrap; gap: var(--ds-size-3); margin: 0; padding: 0; list-style: none; }
.ct-columns { display: grid; grid-template-columns: minmax(0, 1fr); gap: var(--ds-size-6) var(--ds-size-10); }
@media (min-width: 56rem) { .ct-columns { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
.ct-facts-list { display: grid; grid-template-columns: minmax(0, 1fr); gap: var(--ds-size-1) var(--ds-size-5); margin: 0; }
.ct-facts-list dt { font-weight: 500; }
.ct-facts-list dt:not(:first-child) { margin-top: var(--ds-size-2); }
.ct-facts-list dd { margin: 0; overflow-wrap: anywhere; }
@media (min-width: 30rem) {
  .ct-facts-list { grid-template-columns: max-content minmax(0, 1fr); gap: var(--ds-size-2) var(--ds-size-5); }
  .ct-facts-list dt:not(:first-child) { margin-top: 0; }
}
.ct-sign-out { display: flex; flex-wrap: wrap; align-items: center; gap: var(--ds-size-2) var(--ds-size-3); }

main { flex: 1; padding-block: var(--ds-size-8) var(--ds-size-12); }
main:focus { outline: none; }
.ct-stack > * + * { margin-top: var(--ds-size-5); }
.ct-section { margin-top: var(--ds-size-10); }
.ct-section > * + * { margin-top: var(--ds-size-4); }
.ct-form > * + * { margin-top: var(--ds-size-6); }
.ct-lead { font-size: 1.125rem; }
.ct-muted { color: var(--ds-color-neutral-text-subtle); }
.ct-reference { font-variant-numeric: tabular-nums; letter-spacing: 0.02em; }

.ct-status { margin-top: var(--ds-size-6); }
.ct-status > * + * { margin-top: var(--ds-size-4); }
.ct-status .ct-facts { display: grid; gap: var(--ds-size-1); margin: var(--ds-size-5) 0 0; }
.ct-facts dt { font-weight: 500; }
.ct-facts dt:not(:first-child) { margin-top: var(--ds-size-3); }
.ct-facts dd { margin: 0; }
.ct-facts .ct-date { font-size: 1.25rem; font-weight: 600; }
@media (min-width: 40rem) {
  .ct-status .ct-facts { grid-template-columns: max-content 1fr; gap: var(--ds-size-3) var(--ds-size-6); }
  .ct-facts dt:not(:first-child) { margin-top: 0; }
}
.ds-alert > * + * { margin-top: var(--ds-size-2); }
main .ds-error-summary { margin-bottom: var(--ds-size-8); }

/* The steps: a vertical progress list, its state in text for screen readers and in shape for eyes. */
.ct-steps { list-style: none; margin: 0; padding: 0; }
.ct-step {
  position: relative;
  padding: 0 0 var(--ds-size-5) var(--ds-size-10);
}
.ct-step::before {
  content: '';
  position: absolute;
  left: 0;
  top: 0.125rem;
  box-sizing: border-box;
  width: 1.5rem;
  height: 1.5rem;
  border-radius: 50%;
  border: 0.1875rem solid var(--ds-color-neutral-border-default);
  background: var(--ds-color-neutral-background-default);
}
.ct-step:not(:last-child)::after {
  content: '';
  position: absolute;
  left: calc(0.75rem - 0.09375rem);
  top: 1.75rem;
  bottom: 0.125rem;
  border-left: 0.1875rem solid var(--ds-color-neutral-border-subtle);
}
.ct-step[data-state='done']::before {
  border-color: var(--ds-color-success-base-default);
  background: var(--ds-color-success-base-default);
}
.ct-step[data-state='done']:not(:last-child)::after { border-left-color: var(--ds-color-success-base-default); }
.ct-step[data-state='current']::before {
  border-color: var(--ds-color-accent-base-default);
  background: radial-gradient(circle, var(--ds-color-accent-base-default) 0 0.3rem, var(--ds-color-neutral-background-default) 0.35rem);
}
.ct-step__name { display: block; font-weight: 500; }
.ct-step[data-state='current'] .ct-step__name { font-weight: 700; }
.ct-step[data-state='upcoming'] .ct-step__name { font-weight: 400; }
.ct-step__date { display: block; color: var(--ds-color-neutral-text-subtle); }

.ct-footer {
  border-top: 1px solid var(--ds-color-neutral-border-subtle);
  background: var(--ds-color-neutral-background-tinted);
  padding-block: var(--ds-size-8);
}
.ct-footer p + p { margin-top: var(--ds-size-2); }

@media (forced-colors: active) {
  .ct-step::before, .ct-step[data-state='done']::before { border-color: CanvasText; }
  .ct-step[data-state='done']::before, .ct-step[data-state='current']::before { background: CanvasText; }
}
@media print {
  .ct-header nav, .ct-no-print { display: none; }
}
`;
}
