import { readdirSync, readFileSync } from 'node:fs';

/** Processes whose command line mentions `text` (Linux /proc): what a test left running. */
export function processesMentioning(text: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .map((pid) => {
      try {
        return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`;
      } catch {
        return '';
      }
    })
    .filter((line) => line.includes(text));
}
