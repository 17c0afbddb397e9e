import { alert, csrfField, errorSummary, inputField, type FieldError } from '../templates/components';
import { html, type Html } from '../templates/html';
import { layout, type LayoutModel } from '../templates/layout';

export interface SignInPageModel {
  layout: LayoutModel;
  title: string;
  intro: string;
  localUse: string;
  notice: { color: 'info' | 'warning'; text: string } | null;
  errorSummary: { heading: string; errors: FieldError[] };
  action: string;
  csrf: { name: string; token: string };
  token: { label: string; hint: string; error?: string };
  submit: string;
}

/** The sign-in form: one field, the pasted token (never sent back into the page). */
export function signInTemplate(model: SignInPageModel): Html {
  return layout(
    model.layout,
    html`<div class="ct-stack">
  ${errorSummary(model.errorSummary.heading, model.errorSummary.errors)}
  ${model.notice ? alert(model.notice.color, null, html`<p class="ds-paragraph">${model.notice.text}</p>`) : null}
  <h1 class="ds-heading" data-size="lg">${model.title}</h1>
  <p class="ds-paragraph">${model.intro}</p>
  <p class="ds-paragraph ct-muted">${model.localUse}</p>
  <form class="ct-form" method="post" action="${model.action}" novalidate>
    ${csrfField(model.csrf.name, model.csrf.token)}
    ${inputField({
      id: 'token',
      name: 'token',
      type: 'password',
      label: model.token.label,
      hint: model.token.hint,
      error: model.token.error,
      input: { autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none' },
    })}
    <button class="ds-button" type="submit">${model.submit}</button>
  </form>
</div>`,
  );
}

export interface PlainPageModel {
  layout: LayoutModel;
  title: string;
  body: Html;
}

/** A console page with a heading and its content. */
export function plainTemplate(model: PlainPageModel): Html {
  return layout(
    model.layout,
    html`<div class="ct-stack">
  <h1 class="ds-heading" data-size="lg">${model.title}</h1>
  ${model.body}
</div>`,
  );
}
