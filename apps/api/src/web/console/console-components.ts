import { validation } from '../templates/components';
import { attributes, html, type Html } from '../templates/html';

/**
 * The console's Designsystemet pieces beyond the shared ones (web/templates/components.ts):
 * tables, radio groups, checkboxes and selects, each labelled and wired to its message.
 */

export interface TableModel {
  caption: string;
  /** The caption is shown as the section's heading elsewhere: hide it visually, keep it for screen readers. */
  captionHidden?: boolean;
  columns: string[];
  rows: Html[][];
}

/** A data table with a caption and column headers; wraps in a scroll box on a narrow screen. */
export function table(model: TableModel): Html {
  return html`<div class="ct-table-wrap" role="region" aria-label="${model.caption}" tabindex="0">
<table class="ds-table" data-border="true" data-size="sm">
  <caption${model.captionHidden ? html` class="ds-sr-only"` : null}>${model.caption}</caption>
  <thead><tr>${model.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
  <tbody>${model.rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody>
</table>
</div>`;
}

/** A choice of one of `options` (radio buttons or a select), `value` the chosen one. */
interface OneOfFieldModel {
  id: string;
  name: string;
  options: Array<{ value: string; label: string }>;
  value?: string;
  error?: string;
}

export interface ChoiceFieldModel extends OneOfFieldModel {
  legend: string;
}

/** Radio buttons in a fieldset; the message is tied to the group. */
export function radioGroup(model: ChoiceFieldModel): Html {
  const checked = validation(model);
  return html`<fieldset class="ds-fieldset" id="${model.id}"${attributes(checked.attributes)}>
  <legend class="ds-label">${model.legend}</legend>
  ${model.options.map((option, i) => {
    const id = i === 0 ? `${model.id}-first` : `${model.id}-${option.value}`;
    return html`<div class="ds-field">
    <input class="ds-input" type="radio"${attributes({ id, name: model.name, value: option.value, checked: option.value === model.value })}>
    <label class="ds-label" data-weight="regular" for="${id}">${option.label}</label>
  </div>`;
  })}
  ${checked.message}
</fieldset>`;
}

export interface CheckboxModel {
  id: string;
  name: string;
  label: string;
  checked: boolean;
  error?: string;
}

/** One checkbox that posts `yes` when ticked. */
export function checkbox(model: CheckboxModel): Html {
  const checked = validation(model);
  return html`<div class="ds-field">
  <input class="ds-input" type="checkbox"${attributes({ id: model.id, name: model.name, value: 'yes', checked: model.checked, ...checked.attributes })}>
  <label class="ds-label" data-weight="regular" for="${model.id}">${model.label}</label>
  ${checked.message}
</div>`;
}

export interface SelectModel extends OneOfFieldModel {
  label: string;
}

export function select(model: SelectModel): Html {
  const checked = validation(model);
  return html`<div class="ds-field">
  <label class="ds-label" for="${model.id}">${model.label}</label>
  <select class="ds-input"${attributes({ id: model.id, name: model.name, ...checked.attributes })}>
    ${model.options.map((o) => html`<option${attributes({ value: o.value, selected: o.value === model.value })}>${o.label}</option>`)}
  </select>
  ${checked.message}
</div>`;
}

export function link(href: string, text: string): Html {
  return html`<a class="ds-link" href="${href}">${text}</a>`;
}

export function time(iso: string, text: string): Html {
  return html`<time datetime="${iso}">${text}</time>`;
}

/**
 * A section named by its own h2 (`aria-labelledby` on `<id>-heading`). `anchor` also gives the
 * section the id that links point to (`#deadline`); `className` is its layout (`ct-section` by
 * default, `ct-stack` in a column).
 */
export function headedSection(section: { id: string; heading: string; className?: string; anchor?: boolean }, content: Html): Html {
  return html`<section${attributes({ class: section.className ?? 'ct-section', 'aria-labelledby': `${section.id}-heading`, id: section.anchor ? section.id : null })}>
    <h2 class="ds-heading" data-size="sm" id="${section.id}-heading">${section.heading}</h2>
    ${content}
  </section>`;
}
