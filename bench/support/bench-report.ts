/** Small helpers every bench uses to print its figures the same way. */

/** Command-line options: `--name value` or `--name=value`; numbers accept `1e6` and `1_000_000`. */
export function numberOption(name: string, fallback: number): number {
  const raw = stringOption(name);
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got ${raw}`);
  return value;
}

export function stringOption(name: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

export function flagOption(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}

/** The p-th percentile (0–100) of unsorted samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function heading(title: string): void {
  console.log(`\n=== ${title} ===`);
}

/** Prints rows as an aligned text table (first row is the header). */
export function table(rows: ReadonlyArray<ReadonlyArray<string>>): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  rows.forEach((row, i) => {
    console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

export interface TargetCheck {
  name: string;
  actual: number;
  target: number;
  /** `min`: actual must be at least target; `max`: at most. */
  kind: 'min' | 'max';
  unit: string;
}

/** Prints each target as met or missed and by how much; returns whether all were met. */
export function verdicts(checks: readonly TargetCheck[]): boolean {
  heading('targets');
  let all = true;
  for (const c of checks) {
    const met = c.kind === 'min' ? c.actual >= c.target : c.actual <= c.target;
    all &&= met;
    const by = met
      ? ''
      : c.kind === 'min'
        ? ` (missed: ${fmt((1 - c.actual / c.target) * 100, 1)}% short)`
        : c.target > 0
          ? ` (missed: ${fmt(c.actual / c.target, 1)}× the limit)`
          : ' (missed)';
    console.log(
      `${met ? 'MET   ' : 'MISSED'} ${c.name}: ${fmt(c.actual, digits(c.actual))} ${c.unit} ` +
        `(target ${c.kind === 'min' ? '≥' : '≤'} ${fmt(c.target, digits(c.target))} ${c.unit})${by}`.replace(/ +\)/g, ')'),
    );
  }
  return all;
}

function digits(value: number): number {
  return Number.isInteger(value) || Math.abs(value) >= 100 ? 0 : 2;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
