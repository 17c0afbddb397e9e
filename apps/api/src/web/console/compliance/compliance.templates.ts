import { alert, errorSummary, inputField, type FieldError } from '../../templates/components';
import { attributes, html, type Html } from '../../templates/html';
import { layout, type LayoutModel } from '../../templates/layout';

export interface ComplianceRow {
  label: string;
  delivered: string;
  onTime: string;
  late: string;
  onTimeRate: string;
  median: string;
  openOverdue?: string;
}

export interface ChartBar {
  label: string;
  /** 0–1, or null for a month without deliveries. */
  rate: number | null;
  /** "May 2025: 91.2 %", the bar's tooltip. */
  text: string;
}

export interface CompliancePageModel {
  layout: LayoutModel;
  title: string;
  intro: string;
  errorSummary: { heading: string; errors: FieldError[] };
  form: {
    action: string;
    from: { label: string; hint: string; value: string; error?: string };
    to: { label: string; hint: string; value: string; error?: string };
    district: { label: string; options: Array<{ value: string; text: string; selected: boolean }> } | null;
    submit: string;
  };
  result: {
    summary: string;
    chart: { heading: string; description: string; bars: ChartBar[]; firstLabel: string; lastLabel: string } | null;
    noDeliveries: string | null;
    months: { caption: string; columns: string[]; rows: ComplianceRow[] };
    districts: { caption: string; columns: string[]; rows: ComplianceRow[] } | null;
    download: { href: string; text: string };
  } | null;
}

const CHART = { width: 640, height: 240, left: 44, right: 8, top: 8, bottom: 28 };

/** An SVG bar chart drawn by the server (no script): the rate per month, gridlines at each quarter. */
function barChart(bars: ChartBar[], first: string, last: string, labelledBy: string): Html {
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const step = plotWidth / Math.max(bars.length, 1);
  const barWidth = Math.max(1, step * 0.7);
  const y = (rate: number) => CHART.top + plotHeight * (1 - rate);
  const grid = [0, 0.25, 0.5, 0.75, 1].map(
    (r) => html`<line class="ct-chart__grid"${attributes({ x1: CHART.left, x2: CHART.width - CHART.right, y1: y(r), y2: y(r) })}></line>
<text class="ct-chart__axis"${attributes({ x: CHART.left - 6, y: y(r) + 4, 'text-anchor': 'end' })}>${`${r * 100} %`}</text>`,
  );
  const rects = bars.map((bar, i) =>
    bar.rate === null
      ? null
      : html`<rect class="ct-chart__bar"${attributes({
          x: (CHART.left + i * step + (step - barWidth) / 2).toFixed(2),
          y: y(bar.rate).toFixed(2),
          width: barWidth.toFixed(2),
          height: (plotHeight * bar.rate).toFixed(2),
        })}><title>${bar.text}</title></rect>`,
  );
  // viewBox is camel-case, which `attributes` (lower-case names only) refuses: written out, from constants.
  return html`<svg class="ct-chart" role="img" viewBox="0 0 ${CHART.width} ${CHART.height}"${attributes({ 'aria-labelledby': labelledBy })}>
${grid}${rects}
<text class="ct-chart__axis"${attributes({ x: CHART.left, y: CHART.height - 8, 'text-anchor': 'start' })}>${first}</text>
<text class="ct-chart__axis"${attributes({ x: CHART.width - CHART.right, y: CHART.height - 8, 'text-anchor': 'end' })}>${last}</text>
</svg>`;
}

function table(id: string, caption: string, columns: string[], rows: ComplianceRow[]): Html {
  return html`<div class="ct-table-scroll" role="region" tabindex="0"${attributes({ 'aria-labelledby': `${id}-caption` })}>
<table class="ds-table" data-size="sm" id="${id}">
  <caption id="${id}-caption">${caption}</caption>
  <thead><tr>${columns.map((c, i) => html`<th scope="col"${attributes({ class: i > 0 ? 'ct-number' : null })}>${c}</th>`)}</tr></thead>
  <tbody>${rows.map(
    (r) => html`<tr><th scope="row">${r.label}</th><td class="ct-number">${r.delivered}</td><td class="ct-number">${r.onTime}</td><td class="ct-number">${r.late}</td><td class="ct-number">${r.onTimeRate}</td><td class="ct-number">${r.median}</td>${
      r.openOverdue === undefined ? null : html`<td class="ct-number">${r.openOverdue}</td>`
    }</tr>`,
  )}</tbody>
</table>
</div>`;
}

/** The period form (GET: bookmarkable, no session state), then the chart beside its table, the districts, the CSV link. */
export function complianceTemplate(model: CompliancePageModel): Html {
  const { form, result } = model;
  return layout(
    model.layout,
    html`<div class="ct-stack">
  ${errorSummary(model.errorSummary.heading, model.errorSummary.errors)}
  <h1 class="ds-heading" data-size="lg">${model.title}</h1>
  <p class="ds-paragraph">${model.intro}</p>
  <form class="ct-form ct-period" method="get" action="${form.action}" novalidate>
    <div class="ct-period__fields">
      ${inputField({ id: 'from', name: 'from', label: form.from.label, hint: form.from.hint, value: form.from.value, error: form.from.error, input: { inputmode: 'numeric', autocomplete: 'off' } })}
      ${inputField({ id: 'to', name: 'to', label: form.to.label, hint: form.to.hint, value: form.to.value, error: form.to.error, input: { inputmode: 'numeric', autocomplete: 'off' } })}
      ${form.district
        ? html`<div class="ds-field">
        <label class="ds-label" for="district">${form.district.label}</label>
        <select class="ds-input" id="district" name="district">${form.district.options.map(
          (o) => html`<option${attributes({ value: o.value, selected: o.selected })}>${o.text}</option>`,
        )}</select>
      </div>`
        : null}
    </div>
    <button class="ds-button" type="submit">${form.submit}</button>
  </form>
  ${result
    ? html`<section class="ct-section" aria-labelledby="result-heading">
    <h2 class="ds-heading" data-size="md" id="result-heading">${result.summary}</h2>
    ${result.noDeliveries ? alert('info', null, html`<p class="ds-paragraph">${result.noDeliveries}</p>`) : null}
    <div class="ct-chart-and-table">
      ${result.chart
        ? html`<figure class="ct-figure">
        <h3 class="ds-heading" data-size="sm" id="chart-heading">${result.chart.heading}</h3>
        <p class="ds-paragraph ct-muted" id="chart-description">${result.chart.description}</p>
        ${barChart(result.chart.bars, result.chart.firstLabel, result.chart.lastLabel, 'chart-heading chart-description')}
      </figure>`
        : null}
      ${table('months', result.months.caption, result.months.columns, result.months.rows)}
    </div>
    ${result.districts ? table('districts', result.districts.caption, result.districts.columns, result.districts.rows) : null}
    <p class="ds-paragraph"><a class="ds-link" href="${result.download.href}" download>${result.download.text}</a></p>
  </section>`
    : null}
</div>`,
  );
}
