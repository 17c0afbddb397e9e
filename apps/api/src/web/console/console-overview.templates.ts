import { inputField, csrfField } from '../templates/components';
import { html, type Html } from '../templates/html';
import { formPage } from '../templates/layout';
import { select, table } from './console-components';
import type { OverviewPageModel } from './console-overview.view';

/** The district overview: search, district choice, the counts, then each list. */
export function overviewTemplate(model: OverviewPageModel): Html {
  return formPage(
    model,
    html`<p class="ds-paragraph">${model.showing}</p>
  <div class="ct-toolbar">
    <form class="ct-inline-form" method="post" action="${model.search.action}" novalidate role="search" aria-label="${model.search.heading}">
      ${csrfField(model.search.csrf.name, model.search.csrf.token)}
      ${inputField(model.search.field)}
      <button class="ds-button" data-variant="secondary" type="submit">${model.search.submit}</button>
    </form>
    ${model.districtForm
      ? html`<form class="ct-inline-form" method="get" action="${model.districtForm.action}">
      ${select(model.districtForm.select)}
      <button class="ds-button" data-variant="secondary" type="submit">${model.districtForm.submit}</button>
    </form>`
      : null}
  </div>
  ${model.found
    ? html`<section class="ct-section" aria-labelledby="found-heading">
    <h2 class="ds-heading" data-size="sm" id="found-heading">${model.found.heading}</h2>
    <p class="ds-paragraph">${model.found.text}</p>
    ${model.found.table ? table(model.found.table) : null}
  </section>`
    : null}
  <nav aria-label="${model.glance.label}">
    <ul class="ct-glance">${model.glance.items.map(
      (item) => html`<li><a class="ct-glance__item${item.warning ? ' ct-glance__item--warning' : ''}" href="${item.href}"><span class="ct-glance__count">${item.count}</span> <span>${item.text}</span></a></li>`,
    )}</ul>
  </nav>
  ${model.sections.map(
    (section) => html`<section class="ct-section" id="${section.id}" aria-labelledby="${section.id}-heading">
    <h2 class="ds-heading" data-size="sm" id="${section.id}-heading">${section.heading} (${section.count})</h2>
    ${section.table ? table(section.table) : html`<p class="ds-paragraph ct-muted">${section.empty}</p>`}
    ${section.more ? html`<p class="ds-paragraph ct-muted">${section.more}</p>` : null}
  </section>`,
  )}
`,
  );
}
