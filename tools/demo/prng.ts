/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same cards, so a
 * demo run can be repeated exactly. Not for anything secret.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of `options`, each chosen in proportion to its weight. */
  weighted<T>(options: ReadonlyArray<readonly [T, number]>): T {
    const total = options.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [value, weight] of options) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return options[options.length - 1]![0];
  }

  /** `items` in a random order (Fisher–Yates), as a new array. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** `digits` random decimal digits. */
  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }
}

/**
 * `total` slots spread over `weights` in proportion, every key at least once when there is room,
 * in a shuffled order: so even a 30-card run has one card of every kind.
 */
export function allocate<K extends string>(prng: Prng, weights: Readonly<Record<K, number>>, total: number): K[] {
  const keys = Object.keys(weights) as K[];
  const sum = keys.reduce((s, k) => s + weights[k], 0);
  const counts = new Map<K, number>();
  const floor = total >= keys.length ? 1 : 0;
  for (const k of keys) counts.set(k, Math.max(floor, Math.floor((weights[k] / sum) * total)));
  let assigned = [...counts.values()].reduce((a, b) => a + b, 0);
  // Too many (the minimum of one each): take from the largest; too few: give to the heaviest.
  const byWeight = [...keys].sort((a, b) => weights[b] - weights[a]);
  for (let i = 0; assigned > total; i = (i + 1) % byWeight.length) {
    const k = byWeight[i]!;
    if (counts.get(k)! > floor) {
      counts.set(k, counts.get(k)! - 1);
      assigned--;
    }
  }
  for (let i = 0; assigned < total; i = (i + 1) % byWeight.length) {
    const k = byWeight[i]!;
    counts.set(k, counts.get(k)! + 1);
    assigned++;
  }
  const slots: K[] = [];
  for (const k of keys) for (let i = 0; i < counts.get(k)!; i++) slots.push(k);
  return prng.shuffle(slots);
}
