import { alert, csrfField, inputField } from '../templates/components';
import { html, type Html } from '../templates/html';
import { formPage, layout } from '../templates/layout';
import { checkbox, headedSection, radioGroup, select, table } from './console-components';
import type { CardPageModel, Fact } from './console-card.view';
import type { AlertModel, FormField, RecordPageModel } from './console-forms.view';
import type { OpenPageModel } from './open-card-form';

function facts(items: Fact[]): Html {
  return html`<dl class="ct-facts-list">${items.map((f) => html`<dt>${f.term}</dt><dd>${f.value}</dd>`)}</dl>`;
}

/** A card's whole story: status, deadline, what can be recorded next, applicant, address, timeline, notifications. */
export function cardTemplate(model: CardPageModel): Html {
  return layout(
    model.layout,
    html`<div class="ct-stack">
  ${model.notice ? alert('success', null, html`<p class="ds-paragraph">${model.notice}</p>`) : null}
  <h1 class="ds-heading" data-size="lg">${model.title}</h1>
  <div class="ct-columns">
    ${headedSection({ id: 'status', heading: model.status.heading, className: 'ct-stack' }, facts(model.status.facts))}
    ${headedSection(
      { id: 'deadline', heading: model.deadline.heading, className: 'ct-stack', anchor: true },
      html`${model.deadline.text ? html`<p class="ds-paragraph">${model.deadline.text}</p>` : null}
    ${model.deadline.facts.length > 0 ? facts(model.deadline.facts) : null}`,
    )}
  </div>
  ${headedSection(
    { id: 'record', heading: model.record.heading, anchor: true },
    model.record.links.length > 0
      ? html`<p class="ds-paragraph">${model.record.intro}</p>
    <ul class="ct-actions">${model.record.links.map(
      (l) => html`<li><a class="ds-button" data-variant="secondary" data-size="sm" href="${l.href}">${l.text}</a></li>`,
    )}</ul>`
      : html`<p class="ds-paragraph">${model.record.none}</p>`,
  )}
  <div class="ct-columns ct-section">
    ${headedSection({ id: 'applicant', heading: model.applicant.heading, className: 'ct-stack' }, facts(model.applicant.facts))}
    ${headedSection(
      { id: 'address', heading: model.address.heading, className: 'ct-stack', anchor: true },
      html`<p class="ds-paragraph">${model.address.lines.map((line, i) => html`${i > 0 ? html`<br>` : null}${line}`)}</p>
    <p class="ds-paragraph">${model.address.confirmation}</p>`,
    )}
  </div>
  ${headedSection({ id: 'timeline', heading: model.timeline.heading, anchor: true }, table(model.timeline.table))}
  ${headedSection(
    { id: 'notifications', heading: model.notifications.heading, anchor: true },
    model.notifications.table ? table(model.notifications.table) : html`<p class="ds-paragraph ct-muted">${model.notifications.empty}</p>`,
  )}
</div>`,
  );
}

function alertBox(model: AlertModel): Html {
  return alert(
    model.color,
    { level: 2, text: model.heading },
    html`${model.paragraphs.map((p) => html`<p class="ds-paragraph">${p}</p>`)}${
      model.list.length > 0 ? html`<ul class="ds-list">${model.list.map((item) => html`<li>${item}</li>`)}</ul>` : null
    }`,
  );
}

export function formField(field: FormField): Html {
  switch (field.kind) {
    case 'input':
      return inputField(field.model);
    case 'radio':
      return radioGroup(field.model);
    case 'checkbox':
      return checkbox(field.model);
    case 'select':
      return select(field.model);
    case 'heading':
      return html`<h2 class="ds-heading" data-size="xs">${field.text}</h2>`;
  }
}

/** The form for the next event, with the card's version as a hidden field (If-Match). */
export function recordTemplate(model: RecordPageModel): Html {
  return formPage(
    model,
    html`<p class="ds-paragraph">${model.cardLine}</p>
  ${model.alerts.map(alertBox)}
  ${model.form
    ? html`<form class="ct-form" method="post" action="${model.form.action}" novalidate>
    ${csrfField(model.form.csrf.name, model.form.csrf.token)}
    <input type="hidden" name="version" value="${model.form.version}">
    ${model.form.fields.map(formField)}
    <button class="ds-button" type="submit">${model.form.submit}</button>
  </form>`
    : null}
  <p class="ds-paragraph"><a class="ds-link" href="${model.back.href}">${model.back.text}</a></p>`,
    { narrow: true },
  );
}

export function openTemplate(model: OpenPageModel): Html {
  return formPage(
    model,
    html`<p class="ds-paragraph">${model.intro}</p>
  <form class="ct-form" method="post" action="${model.form.action}" novalidate>
    ${csrfField(model.form.csrf.name, model.form.csrf.token)}
    ${model.form.fields.map(formField)}
    <button class="ds-button" type="submit">${model.form.submit}</button>
  </form>`,
    { narrow: true },
  );
}
