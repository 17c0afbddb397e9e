import { CARD_STATUSES } from '@cardtrail/card-lifecycle';
import { NOTIFICATION_STATUSES, type DemoProgress, type DemoSummary } from './run-demo';

/** The summary as plain-text tables for a terminal. */
export function formatSummary(s: DemoSummary): string {
  const out: string[] = [];
  out.push(
    `cardtrail demo, seed ${s.seed}: ${s.cardsCreated} of ${s.cards} cards created and ${s.eventsRecorded} events recorded in ` +
      `${(s.writeMs / 1000).toFixed(1)} s (${(s.eventsRecorded / Math.max(0.001, s.writeMs / 1000)).toFixed(0)} events/s); ` +
      `${(s.durationMs / 1000).toFixed(1)} s in all`,
    '',
  );

  out.push('Cards by status');
  const statusRows = CARD_STATUSES.filter((st) => s.cardsByStatus[st]).map((st) => [st, String(s.cardsByStatus[st])]);
  statusRows.push(['total', String(Object.values(s.cardsByStatus).reduce((a, b) => a + b, 0))]);
  out.push(table(['status', 'cards'], statusRows), '');
  out.push(
    `  delivered on time ${s.deliveredOnTime}, late ${s.deliveredLate}; overdue now ${s.overdue}; reissued after a loss in the mail ${s.reissued}; ` +
      `addresses confirmed by applicants ${s.applicantConfirmations}`,
  );
  if (s.breachedButOnTime > 0) {
    out.push(`  ${s.breachedButOnTime} on-time deliveries were recorded after the worker had already recorded the breach (backdated entry)`);
  }
  out.push('');

  out.push(`On-time rate per district, deliveries ${s.onTime.from} to ${s.onTime.to} (all cards in the service)`);
  const districtRows = s.onTime.districts.map((d) => [
    d.policeDistrict,
    String(d.delivered),
    String(d.onTime),
    String(d.late),
    d.onTimeRate === null ? '–' : `${(d.onTimeRate * 100).toFixed(1)} %`,
    String(d.openOverdue),
    d.medianWorkingDaysToDelivery === null ? '–' : String(d.medianWorkingDaysToDelivery),
  ]);
  const totals = s.onTime.districts.reduce(
    (acc, d) => ({ delivered: acc.delivered + d.delivered, onTime: acc.onTime + d.onTime, late: acc.late + d.late, overdue: acc.overdue + d.openOverdue }),
    { delivered: 0, onTime: 0, late: 0, overdue: 0 },
  );
  districtRows.push([
    'all',
    String(totals.delivered),
    String(totals.onTime),
    String(totals.late),
    totals.delivered === 0 ? '–' : `${((totals.onTime / totals.delivered) * 100).toFixed(1)} %`,
    String(totals.overdue),
    '',
  ]);
  out.push(table(['district', 'delivered', 'on time', 'late', 'on-time rate', 'open overdue', 'median wd'], districtRows), '');

  out.push(
    `Notifications by kind and outcome (${s.notifications.total} for the demo's cards; ` +
      `${s.notifications.settled ? `settled after ${(s.notifications.settleMs / 1000).toFixed(1)} s` : 'still changing when the wait ended'})`,
  );
  const kinds = Object.keys(s.notifications.byKind).sort();
  const notificationRows = kinds.map((kind) => {
    const counts = s.notifications.byKind[kind]!;
    return [kind, ...NOTIFICATION_STATUSES.map((st) => String(counts[st] ?? 0)), String(Object.values(counts).reduce((a, b) => a + b, 0))];
  });
  out.push(table(['kind', ...NOTIFICATION_STATUSES, 'total'], notificationRows), '');

  out.push('Scenarios played');
  out.push(table(['scenario', 'cards'], Object.entries(s.scenarios).map(([k, v]) => [k, String(v)])), '');

  out.push('Response times seen by the demo');
  out.push(
    table(
      ['request', 'count', 'p50 ms', 'p99 ms'],
      s.latencies.map((l) => [l.route, String(l.count), l.p50Ms.toFixed(1), l.p99Ms.toFixed(1)]),
    ),
    '',
  );

  out.push(s.refusals.length === 0 ? 'Refusals: none' : `Refusals: ${s.refusals.reduce((a, r) => a + r.count, 0)}`);
  for (const r of s.refusals) out.push(`  ${r.count} × ${r.problem}\n      e.g. ${r.example}`);
  out.push(s.failures.length === 0 ? 'Failures: none' : `Failures: ${s.failures.reduce((a, r) => a + r.count, 0)}`);
  for (const f of s.failures) out.push(`  ${f.count} × ${f.problem}\n      e.g. ${f.example}`);
  return out.join('\n');
}

/** One progress line: cards done / total, events, rate, problems. */
export function formatProgress(p: DemoProgress): string {
  const head =
    p.phase === 'cards'
      ? `cards ${p.cardsDone}/${p.cardsTotal}`
      : `cards ${p.cardsDone}/${p.cardsTotal}, waiting for the worker to settle`;
  return `${head} · events ${p.events} · ${p.rate.toFixed(0)} events/s · refusals ${p.refusals} · errors ${p.errors} · ${(p.elapsedMs / 1000).toFixed(0)} s`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), '  ' + widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
