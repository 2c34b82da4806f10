/**
 * Lanes for delivering a batch of inbox rows in parallel without reordering what must stay in
 * order: rows that share a key (the visit's workflow, the patient's record, a merged-away record)
 * fall into one lane, kept in intake order; different lanes run side by side.
 */

/**
 * Splits `items` (in intake order) into lanes: two items share a lane when they share a key,
 * directly or through others (an A40 naming two records joins both patients' visits). Each lane
 * keeps its items in the order given; lanes come in the order of their first item.
 */
export function lanesOf<T>(items: T[], keysOf: (item: T) => string[]): T[][] {
  const parent = items.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const owner = new Map<string, number>();
  items.forEach((item, i) => {
    for (const key of keysOf(item)) {
      const seen = owner.get(key);
      if (seen === undefined) owner.set(key, i);
      else {
        const [a, b] = [root(seen), root(i)];
        // The earlier item stays the root, so a lane is found under its first item.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const lanes = new Map<number, T[]>();
  items.forEach((item, i) => {
    const r = root(i);
    const lane = lanes.get(r);
    if (lane) lane.push(item);
    else lanes.set(r, [item]);
  });
  return [...lanes.values()];
}

/**
 * Runs `work` over each lane's items one after another, at most `concurrency` lanes at a time.
 * `work` answers false to stop its lane (the rest of that lane waits for the next batch, so its
 * order holds); other lanes go on.
 */
export async function runLanes<T>(lanes: T[][], concurrency: number, work: (item: T) => Promise<boolean>): Promise<void> {
  let next = 0;
  const runner = async () => {
    while (next < lanes.length) {
      const lane = lanes[next++];
      for (const item of lane) if (!(await work(item))) break;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, lanes.length)) }, runner));
}
