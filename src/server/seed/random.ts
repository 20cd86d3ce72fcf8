/**
 * A small seeded pseudo-random generator (mulberry32): the demo county must come out the same for the same seed,
 * on every machine, so `Math.random` is never used by the generator.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [minimum, maximum], both included. */
  integer(minimum: number, maximum: number): number {
    return minimum + Math.floor(this.next() * (maximum - minimum + 1));
  }

  /** A number in [minimum, maximum). */
  between(minimum: number, maximum: number): number {
    return minimum + this.next() * (maximum - minimum);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<Item>(items: readonly Item[]): Item {
    if (items.length === 0) throw new Error('Cannot pick from an empty list.');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks one item with probability proportional to its weight. */
  pickWeighted<Item>(items: readonly (readonly [item: Item, weight: number])[]): Item {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let remaining = this.next() * total;
    for (const [item, weight] of items) {
      remaining -= weight;
      if (remaining < 0) return item;
    }
    return items.at(-1)![0];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<Item>(items: readonly Item[]): Item[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index--) {
      const other = Math.floor(this.next() * (index + 1));
      [copy[index], copy[other]] = [copy[other]!, copy[index]!];
    }
    return copy;
  }

  /** `count` distinct items, kept in their original order (so duty lists read naturally). */
  sample<Item>(items: readonly Item[], count: number): Item[] {
    const chosen = new Set(this.shuffle(items.map((_, index) => index)).slice(0, count));
    return items.filter((_, index) => chosen.has(index));
  }

  /**
   * An independent stream for one part of the generator. Each entity draws from its own stream, so adding a new
   * entity (households, say) or changing how one entity is drawn leaves the others exactly as they were.
   */
  fork(label: string): Random {
    let hash = 0x811c9dc5 ^ this.state;
    for (const character of label) hash = Math.imul(hash ^ character.codePointAt(0)!, 0x01000193);
    return new Random(hash);
  }
}

/**
 * A weighted list prepared once for many draws: a binary search over running totals instead of `pickWeighted`'s
 * sum and scan on every call. The population draws from its lists half a million times.
 */
export class WeightedTable<Item> {
  private readonly items: Item[];
  private readonly runningTotals: number[];

  constructor(entries: readonly (readonly [item: Item, weight: number])[]) {
    if (entries.length === 0) throw new Error('Cannot pick from an empty list.');
    let total = 0;
    this.items = entries.map(([item]) => item);
    this.runningTotals = entries.map(([, weight]) => (total += weight));
  }

  pick(random: Random): Item {
    const target = random.next() * this.runningTotals.at(-1)!;
    let low = 0;
    let high = this.runningTotals.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.runningTotals[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return this.items[low]!;
  }
}
