import { sharedFor } from './sharedFor';

describe('sharedFor', () => {
  const later = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };

  it('computes once for concurrent and repeated asks of a key while fresh, then again', async () => {
    let clock = 0;
    const shared = sharedFor<number>(1000, () => clock);
    let computed = 0;
    const compute = () => Promise.resolve(++computed);
    const [a, b] = await Promise.all([shared('h1', compute), shared('h1', compute)]);
    expect([a, b, computed]).toEqual([1, 1, 1]);
    clock = 999;
    expect(await shared('h1', compute)).toBe(1);
    expect(await shared('h2', compute)).toBe(2);
    clock = 2100;
    expect(await shared('h1', compute)).toBe(3);
  });

  it('shares only what is in flight when fresh for 0 ms, and never keeps a failure', async () => {
    const shared = sharedFor<string>(0);
    const first = later<string>();
    const one = shared('k', () => first.promise);
    const two = shared('k', () => Promise.resolve('second'));
    first.resolve('first');
    expect([await one, await two]).toEqual(['first', 'first']);
    expect(await shared('k', () => Promise.resolve('third'))).toBe('third');

    const lasting = sharedFor<string>(60_000);
    const failing = later<string>();
    const failed = lasting('k', () => failing.promise);
    failing.reject(new Error('database went away'));
    await expect(failed).rejects.toThrow('database went away');
    expect(await lasting('k', () => Promise.resolve('retried'))).toBe('retried');
  });
});
