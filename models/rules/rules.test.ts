import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Every layer imports these rules, workflows included (Temporal bundles them into the workflow
 * sandbox), so they import nothing outside this folder and read no clock or randomness.
 */
describe('models/rules', () => {
  const sources = readdirSync(__dirname)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => ({ name, text: readFileSync(path.join(__dirname, name), 'utf8') }));

  it('holds the rules', () => {
    expect(sources.map((s) => s.name)).toEqual(expect.arrayContaining(['duration.ts', 'phone.ts', 'slaClock.ts', 'statuses.ts', 'surveyTiming.ts', 'zoneTime.ts']));
  });

  it.each(['duration.ts', 'phone.ts', 'scoring.ts', 'slaClock.ts', 'statuses.ts', 'suppression.ts', 'surveyTiming.ts', 'zoneTime.ts', 'durationLimits.ts'])('%s imports only from this folder', (name) => {
    const source = sources.find((s) => s.name === name);
    expect(source).toBeDefined();
    const specifiers = [...source!.text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    const outside = specifiers.filter((s) => !/^\.\/[\w.-]+$/.test(s) || !sources.some((other) => `./${other.name}` === `${s}.ts`));
    expect(outside).toEqual([]);
  });

  it('reads no clock and no randomness', () => {
    for (const { name, text } of sources) expect({ name, found: /\bDate\.now\(|\bMath\.random\(|new Date\(\)/.test(text) }).toEqual({ name, found: false });
  });
});
