import { alert, csrfField, errorSummary, inputField, paragraphs } from '../templates/components';
import { html, type Html } from '../templates/html';
import { formPage, layout } from '../templates/layout';
import type {
  FormModel,
  LookupPageModel,
  PlannerPageModel,
  StatusPageModel,
  StepModel,
  TooManyTriesModel,
  TravelSectionModel,
} from './applicant-view-models';

/** The applicant's pages. Each renders its view model and decides nothing. */

function postForm(form: FormModel, content: Html, className = ''): Html {
  return html`<form method="post" action="${form.action}" class="${className}" novalidate>
${csrfField(form.csrf.name, form.csrf.token)}${content}
</form>`;
}

export function lookupTemplate(model: LookupPageModel): Html {
  return formPage(
    model,
    html`${model.notice ? alert('info', null, html`<p class="ds-paragraph">${model.notice}</p>`) : null}
  <p class="ds-paragraph ct-lead">${model.intro}</p>
  <p class="ds-paragraph">${model.youNeed}</p>
  <ul class="ds-list">${model.needs.map((need) => html`<li>${need}</li>`)}</ul>
  ${postForm(
    model.form,
    html`${model.form.fields.map(inputField)}
  <button class="ds-button" data-variant="primary" type="submit">${model.form.submit}</button>`,
    'ct-form',
  )}
  <p class="ds-paragraph ct-muted">${model.privacy}</p>
  <p class="ds-paragraph"><a class="ds-link" href="${model.travelLink.href}">${model.travelLink.text}</a></p>`,
  );
}

export function tooManyTriesTemplate(model: TooManyTriesModel): Html {
  return layout(
    model.layout,
    html`<div class="ct-stack">
  <h1 class="ds-heading" data-size="lg">${model.title}</h1>
  <p class="ds-paragraph">${model.body}</p>
  <p class="ds-paragraph"><strong>${model.tryAgain}</strong></p>
  <p class="ds-paragraph"><a class="ds-link" href="${model.back.href}">${model.back.text}</a></p>
</div>`,
  );
}

function step(item: StepModel): Html {
  return html`<li class="ct-step" data-state="${item.state}"${item.state === 'current' ? html` aria-current="step"` : null}>
  <span class="ds-sr-only">${item.stateText} </span><span class="ct-step__name">${item.name}</span>
  ${item.date ? html`<time class="ct-step__date" datetime="${item.date.iso}">${item.date.text}</time>` : null}
</li>`;
}

function travel(section: TravelSectionModel): Html {
  return html`<section class="ct-section" id="${section.id}" aria-labelledby="${section.id}-heading">
  <h2 class="ds-heading" data-size="sm" id="${section.id}-heading">${section.heading}</h2>
  ${section.message ? html`<p class="ds-paragraph">${section.message}</p>` : null}
  ${section.intro ? html`<p class="ds-paragraph">${section.intro}</p>` : null}
  ${
    section.form
      ? html`<form method="get" action="${section.form.action}" class="ct-form" novalidate>
  ${section.form.fields.map(inputField)}
  <button class="ds-button" data-variant="secondary" type="submit">${section.form.submit}</button>
</form>`
      : null
  }
  ${
    section.result
      ? alert(section.result.color, { level: 3, text: section.result.heading }, paragraphs(section.result.paragraphs), section.result.id)
      : null
  }
</section>`;
}

export function statusTemplate(model: StatusPageModel): Html {
  const now = model.now;
  return layout(
    model.layout,
    html`${errorSummary(model.errorSummary.heading, model.errorSummary.errors)}
<h1 class="ds-heading" data-size="lg">${model.title}</h1>
<p class="ds-paragraph ct-muted">${model.reference.label}: <span class="ct-reference">${model.reference.value}</span></p>
${model.late ? html`<div class="ct-status">${alert('warning', { level: 2, text: model.late.heading }, paragraphs(model.late.paragraphs))}</div>` : null}
<section class="ds-card ct-status" data-color="${now.color}" aria-labelledby="now-heading">
  <h2 class="ds-heading" data-size="sm" id="now-heading">${now.heading}</h2>
  <p class="ds-paragraph"><span class="ds-tag" data-color="${now.color}">${now.statusName}</span></p>
  <p class="ds-paragraph ct-lead">${now.message}</p>
  <dl class="ct-facts">${now.facts.map(
    (fact) => html`<dt>${fact.term}</dt>
    <dd>${fact.iso ? html`<time class="ct-date" datetime="${fact.iso}">${fact.value}</time>` : fact.value}${fact.detail ? html`<br><span class="ct-muted">${fact.detail}</span>` : null}</dd>`,
  )}</dl>
</section>
${
  model.next.steps.length > 0
    ? html`<section class="ct-section" aria-labelledby="next-heading">
  <h2 class="ds-heading" data-size="sm" id="next-heading">${model.next.heading}</h2>
  <ul class="ds-list">${model.next.steps.map((text) => html`<li>${text}</li>`)}</ul>
</section>`
    : null
}
${
  model.address
    ? html`<section class="ct-section" id="${model.address.id}" aria-labelledby="${model.address.id}-heading">
  <h2 class="ds-heading" data-size="sm" id="${model.address.id}-heading">${model.address.heading}</h2>
  <p class="ds-paragraph">${model.address.advice}</p>
  <p class="ds-paragraph">${model.address.moved}</p>
  ${model.address.confirmed ? alert('success', null, html`<p class="ds-paragraph">${model.address.confirmed}</p>`) : null}
  ${
    model.address.form
      ? postForm(model.address.form, html`<button class="ds-button" data-variant="primary" type="submit">${model.address.form.submit}</button>`)
      : null
  }
</section>`
    : null
}
<section class="ct-section" id="steps" aria-labelledby="steps-heading">
  <h2 class="ds-heading" data-size="sm" id="steps-heading">${model.steps.heading}</h2>
  <ol class="ct-steps">${model.steps.items.map(step)}</ol>
</section>
${model.travel ? travel(model.travel) : null}
<section class="ct-section ct-no-print" aria-labelledby="end-heading">
  <h2 class="ds-heading" data-size="xs" id="end-heading">${model.end.heading}</h2>
  <p class="ds-paragraph">${model.end.body}</p>
  ${postForm(model.end, html`<button class="ds-button" data-variant="tertiary" type="submit">${model.end.submit}</button>`)}
</section>`,
  );
}

export function plannerTemplate(model: PlannerPageModel): Html {
  return formPage(model, html`<p class="ds-paragraph">${model.intro}</p>`, {
    after: html`${travel({ ...model.planner, heading: model.planner.heading })}
<p class="ds-paragraph ct-section"><a class="ds-link" href="${model.back.href}">${model.back.text}</a></p>`,
  });
}
