import { FhirError } from './outcome';
import { ifNoneExist, parseDate, parseSearch, searchBundle, type SearchParamDefinition } from './search';

const PARAMS: SearchParamDefinition[] = [
  { name: 'identifier', type: 'token', documentation: '' },
  { name: 'name', type: 'string', documentation: '' },
  { name: 'birthdate', type: 'date', documentation: '' },
  { name: 'patient', type: 'reference', documentation: '' },
];

const refused = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FhirError);
    return (error as FhirError).status;
  }
  throw new Error('not refused');
};

describe('FHIR search parameters', () => {
  it('reads dates at their precision, with prefixes and zones', () => {
    expect(parseDate('2026-02', 'd')).toEqual({ prefix: 'eq', start: new Date('2026-02-01T00:00:00Z'), end: new Date('2026-03-01T00:00:00Z') });
    expect(parseDate('ge2026', 'd')).toEqual({ prefix: 'ge', start: new Date('2026-01-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
    const instant = parseDate('lt2026-11-29T09:30+03:00', 'd');
    expect([instant.prefix, instant.start.toISOString(), instant.end.toISOString()]).toEqual(['lt', '2026-11-29T06:30:00.000Z', '2026-11-29T06:31:00.000Z']);
    for (const bad of ['2026-02-30', '2026-13', '2026-11-29T09:30', 'ap2026', 'yesterday']) expect(refused(() => parseDate(bad, 'd'))).toBe(400);
  });

  it('takes alternatives, repeats, modifiers and references, and refuses what it does not support', () => {
    const search = parseSearch('Patient', PARAMS, { identifier: 'sys|A,|B,C', name: ['sara', 'al'], 'name:exact': 'Sara Ali', patient: 'http://x/fhir/Patient/p1', _count: '500', _format: 'json' });
    expect(search.criteria).toEqual([
      { name: 'identifier', value: { type: 'token', tokens: [{ system: 'sys', value: 'A' }, { system: '', value: 'B' }, { system: undefined, value: 'C' }] } },
      { name: 'name', value: { type: 'string', values: ['sara'], match: 'start' } },
      { name: 'name', value: { type: 'string', values: ['al'], match: 'start' } },
      { name: 'name', value: { type: 'string', values: ['Sara Ali'], match: 'exact' } },
      { name: 'patient', value: { type: 'reference', ids: ['p1'] } },
    ]);
    expect([search.count, search.offset]).toEqual([100, 0]);
    expect(refused(() => parseSearch('Patient', PARAMS, { gender: 'female' }))).toBe(400);
    expect(refused(() => parseSearch('Patient', PARAMS, { 'identifier:text': 'x' }))).toBe(400);
    expect(refused(() => parseSearch('Patient', PARAMS, { patient: 'Encounter/e1' }))).toBe(400);
    expect(refused(() => parseSearch('Patient', PARAMS, { _count: '-1' }))).toBe(400);
    expect(refused(() => parseSearch('Patient', PARAMS, { identifier: 'sys|' }))).toBe(400);
  });

  it('links the pages of a searchset Bundle', () => {
    const search = parseSearch('Patient', PARAMS, { name: 'sara', _count: '2', _offset: '2' });
    const bundle = searchBundle('http://h/fhir/r4', 'Patient', { name: 'sara', _count: '2', _offset: '2' }, search, 5, [{ id: 'a' }, { id: 'b' }]);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 5 });
    expect(Object.fromEntries(bundle.link!.map((l) => [l.relation, l.url]))).toEqual({
      self: 'http://h/fhir/r4/Patient?name=sara&_count=2&_offset=2',
      first: 'http://h/fhir/r4/Patient?name=sara&_count=2',
      previous: 'http://h/fhir/r4/Patient?name=sara&_count=2',
      next: 'http://h/fhir/r4/Patient?name=sara&_count=2&_offset=4',
    });
    expect(bundle.entry![0]).toEqual({ fullUrl: 'http://h/fhir/r4/Patient/a', resource: { id: 'a' }, search: { mode: 'match' } });
    const last = searchBundle('http://h/fhir/r4', 'Patient', {}, parseSearch('Patient', PARAMS, { _offset: '4' }), 5, [{ id: 'e' }]);
    expect(last.link!.map((l) => l.relation)).toEqual(['self', 'first', 'previous']);
  });

  it('reads If-None-Exist criteria, with or without the type', () => {
    expect(ifNoneExist('identifier=http://h/mrn|M1')).toEqual({ system: 'http://h/mrn', value: 'M1' });
    expect(ifNoneExist('Patient?identifier=M1')).toEqual({ system: undefined, value: 'M1' });
    expect(ifNoneExist('')).toBeUndefined();
    expect(refused(() => ifNoneExist('name=x'))).toBe(400);
  });
});
