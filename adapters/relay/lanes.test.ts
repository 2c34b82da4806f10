import { lanesOf, runLanes } from './lanes';

type Row = { id: number; keys: string[] };
const row = (id: number, ...keys: string[]): Row => ({ id, keys });
const ids = (lanes: Row[][]) => lanes.map((lane) => lane.map((r) => r.id));

describe('relay lanes', () => {
  it('keeps the rows of one visit in one lane, in intake order, and other visits apart', () => {
    const rows = [row(1, 'visit:A', 'mrn:1'), row(2, 'visit:B', 'mrn:2'), row(3, 'visit:A', 'mrn:1'), row(4, 'visit:C', 'mrn:3'), row(5, 'visit:B', 'mrn:2')];
    expect(ids(lanesOf(rows, (r) => r.keys))).toEqual([[1, 3], [2, 5], [4]]);
  });

  it('joins two visits of one patient, and a merge joins both patients', () => {
    const rows = [row(1, 'visit:A', 'mrn:1'), row(2, 'visit:B', 'mrn:2'), row(3, 'visit:C', 'mrn:1'), row(4, 'visit:D', 'mrn:3'), row(5, 'mrn:2', 'mrn:3')];
    // 5 merges record 3 into record 2: visits B and D (and with them nothing of patient 1) share a lane.
    expect(ids(lanesOf(rows, (r) => r.keys))).toEqual([[1, 3], [2, 4, 5]]);
  });

  it('joins chains that meet late, keeping the earliest row first', () => {
    const rows = [row(1, 'a'), row(2, 'b'), row(3, 'c'), row(4, 'c', 'b'), row(5, 'a', 'c')];
    expect(ids(lanesOf(rows, (r) => r.keys))).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('gives a row with no key a lane of its own', () => {
    expect(ids(lanesOf([row(1), row(2), row(3, 'x'), row(4, 'x')], (r) => r.keys))).toEqual([[1], [2], [3, 4]]);
  });

  it('runs lanes side by side but each lane in order, and stops only the lane that asks', async () => {
    const done: number[] = [];
    let running = 0;
    let most = 0;
    const lanes = [[1, 2, 3], [10, 11], [20, 21, 22], [30]];
    await runLanes(lanes, 3, async (n) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5 + (n % 3)));
      running -= 1;
      if (n === 11) return false;
      done.push(n);
      return true;
    });
    expect(most).toBe(3);
    const order = (lane: number[]) => done.filter((n) => lane.includes(n));
    expect(order([1, 2, 3])).toEqual([1, 2, 3]);
    expect(order([20, 21, 22])).toEqual([20, 21, 22]);
    expect(done).toContain(30);
    expect(done).not.toContain(11);
    expect(done).toContain(10);
  });
});
