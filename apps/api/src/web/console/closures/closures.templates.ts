import { alert, csrfField, errorSummary, inputField, type FieldError } from '../../templates/components';
import { attributes, html, type Html } from '../../templates/html';
import { layout, type LayoutModel } from '../../templates/layout';

export interface ClosureRow {
  /** The ISO date, for the reopen form's hidden field. */
  iso: string;
  date: string;
  reason: string;
  by: string;
  at: string;
  moved: string;
}

export interface ClosuresPageModel {
  layout: LayoutModel;
  title: string;
  intro: string;
  notice: string | null;
  errorSummary: { heading: string; errors: FieldError[] };
  csrf: { name: string; token: string };
  startUp: { heading: string; text: string; dates: string[] } | null;
  inForce: {
    heading: string;
    none: string;
    columns: { date: string; change: string; reason: string; by: string; at: string; moved: string; action: string };
    rows: ClosureRow[];
    remove: { action: string; reasonLabel: (date: string) => string; submit: string; error?: { iso: string; message: string } };
  };
  add: {
    heading: string;
    action: string;
    date: { label: string; hint: string; value: string; error?: string };
    reason: { label: string; hint: string; value: string; error?: string };
    submit: string;
  };
  history: { heading: string; columns: string[]; rows: Array<{ date: string; action: string; reason: string; by: string; at: string; moved: string }> };
}

/** Closure days (admins): the dates closed now with a form to reopen each, a form to close one, the audit trail. */
export function closuresTemplate(model: ClosuresPageModel): Html {
  const { inForce, add, history } = model;
  const c = inForce.columns;
  return layout(
    model.layout,
    html`<div class="ct-stack">
  ${errorSummary(model.errorSummary.heading, model.errorSummary.errors)}
  ${model.notice ? alert('success', null, html`<p class="ds-paragraph">${model.notice}</p>`) : null}
  <h1 class="ds-heading" data-size="lg">${model.title}</h1>
  <p class="ds-paragraph">${model.intro}</p>
  <section class="ct-section" aria-labelledby="in-force-heading">
    <h2 class="ds-heading" data-size="md" id="in-force-heading">${inForce.heading}</h2>
    ${inForce.rows.length === 0
      ? html`<p class="ds-paragraph">${inForce.none}</p>`
      : html`<ul class="ct-closures">${inForce.rows.map((r) => {
          const error = inForce.remove.error?.iso === r.iso ? inForce.remove.error.message : undefined;
          const id = `reason-${r.iso}`;
          return html`<li class="ct-closure">
        <h3 class="ds-heading" data-size="sm">${r.date}</h3>
        <dl class="ct-facts ct-facts--inline">
          <dt>${c.reason}</dt><dd>${r.reason}</dd>
          <dt>${c.by}</dt><dd>${r.by}, ${r.at}</dd>
          <dt>${c.moved}</dt><dd>${r.moved}</dd>
        </dl>
        <form class="ct-form ct-inline-form" method="post" action="${inForce.remove.action}" novalidate>
          ${csrfField(model.csrf.name, model.csrf.token)}
          <input type="hidden" name="date" value="${r.iso}">
          ${inputField({ id, name: 'reason', label: inForce.remove.reasonLabel(r.date), value: '', error, input: { maxlength: 200 } })}
          <button class="ds-button" data-variant="secondary" type="submit">${inForce.remove.submit}</button>
        </form>
      </li>`;
        })}</ul>`}
  </section>
  <section class="ct-section" aria-labelledby="add-heading">
    <h2 class="ds-heading" data-size="md" id="add-heading">${add.heading}</h2>
    <form class="ct-form" method="post" action="${add.action}" novalidate>
      ${csrfField(model.csrf.name, model.csrf.token)}
      ${inputField({ id: 'date', name: 'date', label: add.date.label, hint: add.date.hint, value: add.date.value, error: add.date.error, input: { inputmode: 'numeric', autocomplete: 'off' } })}
      ${inputField({ id: 'reason', name: 'reason', label: add.reason.label, hint: add.reason.hint, value: add.reason.value, error: add.reason.error, input: { maxlength: 200 } })}
      <button class="ds-button" type="submit">${add.submit}</button>
    </form>
  </section>
  ${model.startUp
    ? html`<section class="ct-section" aria-labelledby="start-up-heading">
    <h2 class="ds-heading" data-size="md" id="start-up-heading">${model.startUp.heading}</h2>
    <p class="ds-paragraph">${model.startUp.text}</p>
    <ul class="ds-list">${model.startUp.dates.map((d) => html`<li>${d}</li>`)}</ul>
  </section>`
    : null}
  ${history.rows.length > 0
    ? html`<section class="ct-section" aria-labelledby="history-heading">
    <h2 class="ds-heading" data-size="md" id="history-heading">${history.heading}</h2>
    <div class="ct-table-scroll" role="region" tabindex="0" aria-labelledby="history-heading">
      <table class="ds-table" data-size="sm">
        <thead><tr>${history.columns.map((col) => html`<th scope="col">${col}</th>`)}</tr></thead>
        <tbody>${history.rows.map(
          (r) => html`<tr><td>${r.at}</td><th scope="row">${r.date}</th><td>${r.action}</td><td>${r.reason}</td><td>${r.by}</td><td${attributes({ class: 'ct-number' })}>${r.moved}</td></tr>`,
        )}</tbody>
      </table>
    </div>
  </section>`
    : null}
</div>`,
  );
}
