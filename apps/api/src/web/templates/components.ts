import { attributes, html, type Html } from './html';

/**
 * Designsystemet's components as server-rendered markup, named and structured as its CSS (and
 * its React components) expect: `ds-field`, `ds-input`, `ds-validation-message`,
 * `ds-error-summary`, `ds-alert`, `ds-button`. Labels, descriptions and messages are wired with
 * `for` and `aria-describedby` here, so they work without the script of designsystemet-web.
 */

export interface FieldError {
  /** The id of the input the message belongs to (the summary links to it). */
  field: string;
  message: string;
}

/**
 * The error summary at the top of a form: a heading and a link to each field with a problem.
 * `autofocus` moves focus to it when the page loads (designsystemet-web's `<ds-error-summary>`
 * does the same with script), so a screen reader reads the problems first.
 */
export function errorSummary(heading: string, errors: FieldError[]): Html {
  if (errors.length === 0) return html``;
  return html`<ds-error-summary class="ds-error-summary" role="group" tabindex="-1" autofocus aria-labelledby="error-summary-heading">
  <h2 class="ds-heading" data-size="xs" id="error-summary-heading">${heading}</h2>
  <ul class="ds-list">${errors.map((e) => html`<li><a class="ds-link" href="#${e.field}">${e.message}</a></li>`)}</ul>
</ds-error-summary>`;
}

export interface InputFieldModel {
  id: string;
  name: string;
  label: string;
  hint?: string;
  value?: string;
  error?: string;
  type?: 'text' | 'date' | 'password' | 'email' | 'tel';
  /** More attributes of the input (autocomplete, inputmode, maxlength, min, …). */
  input?: Record<string, string | number | boolean | null | undefined>;
}

/**
 * A field's validation message (`<id>-error`, nothing without an error) and the attributes that
 * tie the field to it and to its description, if any: `aria-describedby` and `aria-invalid`.
 */
export function validation(field: { id: string; error?: string }, hintId: string | null = null): {
  attributes: { 'aria-describedby': string | null; 'aria-invalid': 'true' | null };
  message: Html | null;
} {
  const errorId = field.error ? `${field.id}-error` : null;
  return {
    attributes: {
      'aria-describedby': [errorId, hintId].filter(Boolean).join(' ') || null,
      'aria-invalid': field.error ? 'true' : null,
    },
    message: errorId ? html`<div class="ds-validation-message" data-field="validation" id="${errorId}">${field.error}</div>` : null,
  };
}

/** A labelled input with its description and validation message. */
export function inputField(model: InputFieldModel): Html {
  const hintId = model.hint ? `${model.id}-hint` : null;
  const checked = validation(model, hintId);
  return html`<div class="ds-field">
  <label class="ds-label" for="${model.id}">${model.label}</label>
  ${hintId ? html`<div data-field="description" id="${hintId}">${model.hint}</div>` : null}
  <input class="ds-input"${attributes({
    id: model.id,
    name: model.name,
    type: model.type ?? 'text',
    value: model.value ?? '',
    ...checked.attributes,
    ...model.input,
  })}>
  ${checked.message}
</div>`;
}

export type AlertColor = 'info' | 'success' | 'warning' | 'danger';

/** An alert box: a heading (at the level the page needs) and its text. */
export function alert(color: AlertColor, heading: { level: 2 | 3; text: string } | null, body: Html, id?: string): Html {
  const headingMarkup =
    heading === null
      ? null
      : heading.level === 2
        ? html`<h2 class="ds-heading" data-size="xs">${heading.text}</h2>`
        : html`<h3 class="ds-heading" data-size="xs">${heading.text}</h3>`;
  return html`<div class="ds-alert"${attributes({ 'data-color': color, id })}>${headingMarkup}${body}</div>`;
}

export function paragraphs(texts: readonly string[]): Html {
  return html`${texts.map((text) => html`<p class="ds-paragraph">${text}</p>`)}`;
}

export function csrfField(name: string, token: string): Html {
  return html`<input type="hidden" name="${name}" value="${token}">`;
}
