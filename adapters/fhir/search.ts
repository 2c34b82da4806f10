import { invalid } from './outcome';
import type { Bundle, Identifier } from './types';

/** An `identifier` (or other token): `system|value`, `|value` (no system) or `value` (any system). */
export interface IdentifierToken {
  /** undefined = any system; '' = identifiers without a system. */
  system?: string;
  value: string;
}

export function parseToken(token: string, where: string): IdentifierToken {
  const bar = token.indexOf('|');
  const system = bar < 0 ? undefined : token.slice(0, bar).trim();
  const value = (bar < 0 ? token : token.slice(bar + 1)).trim();
  if (!value) throw invalid(`${where}: expected system|value with a value, got ${JSON.stringify(token)}`);
  return { system, value };
}

/**
 * The criteria of a conditional interaction. Only `identifier` is supported: it is how hospital
 * systems name their patients and visits, and the only criterion we can answer exactly. `where`
 * names the header or query string in errors, since criteria have no FHIRPath.
 */
export function identifierCriteria(params: URLSearchParams, where: string): IdentifierToken {
  const names = [...new Set(params.keys())].filter((n) => n !== '_format');
  const unsupported = names.filter((n) => n !== 'identifier');
  if (unsupported.length > 0) throw invalid(`${where}: only the identifier search parameter is supported, not ${unsupported.join(', ')}`);
  const tokens = params.getAll('identifier');
  if (tokens.length !== 1 || tokens[0].includes(',')) throw invalid(`${where}: exactly one identifier=system|value is required`);
  return parseToken(tokens[0], where);
}

/** `If-None-Exist: identifier=system|value` (the header holds a query string). */
export function ifNoneExist(header: string): IdentifierToken | undefined {
  if (!header.trim()) return undefined;
  return identifierCriteria(new URLSearchParams(header.trim().replace(/^[A-Za-z]*\?/, '')), 'If-None-Exist');
}

export type Query = Record<string, string | string[] | undefined>;

const paramsOf = (query: Query) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const v of [value ?? []].flat()) params.append(name, v);
  return params;
};

/** The conditional update's `?identifier=…`, as Koa parsed the query string. */
export function conditionalQuery(query: Query): IdentifierToken {
  return identifierCriteria(paramsOf(query), 'conditional update ?identifier');
}

/** Whether an identifier satisfies a token, with FHIR token semantics for the system part. */
export function tokenMatches(token: IdentifierToken, identifier: Identifier): boolean {
  if (identifier.value?.trim() !== token.value) return false;
  if (token.system === undefined) return true;
  return (identifier.system ?? '') === token.system;
}

/* ---------------------------------------------------------------- search-type ---------------- */

export type ParamType = 'token' | 'string' | 'date' | 'reference';

/** One search parameter a resource type supports, as the CapabilityStatement lists it too. */
export interface SearchParamDefinition {
  name: string;
  type: ParamType;
  documentation: string;
}

export type DatePrefix = 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge';

/** A date search value as the instants it covers: [start, end) at its precision, with its prefix. */
export interface DateRange {
  prefix: DatePrefix;
  start: Date;
  end: Date;
}

export type SearchValue =
  | { type: 'token'; tokens: IdentifierToken[] }
  | { type: 'string'; values: string[]; match: 'start' | 'exact' | 'contains' }
  | { type: 'date'; ranges: DateRange[] }
  | { type: 'reference'; ids: string[] };

/** One parameter as asked: several values are alternatives (OR); a parameter given twice must hold both ways (AND). */
export interface SearchCriterion {
  name: string;
  value: SearchValue;
}

export interface SearchRequest {
  criteria: SearchCriterion[];
  count: number;
  offset: number;
}

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;
/** Deeper than this, paging by offset costs the database more than a client should ask of it: narrow the search instead. */
export const MAX_OFFSET = 10_000;

/** Result parameters that change nothing we answer (formats other than JSON are refused before). */
const IGNORED = new Set(['_format', '_pretty', '_total']);

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** `ge2026-11-01`, `2026-11`, `lt2026-11-29T09:30:00+03:00` as the instants they stand for (dates without a zone in UTC). */
export function parseDate(raw: string, name: string): DateRange {
  const prefixed = /^(eq|ne|lt|gt|le|ge|sa|eb|ap)?(.*)$/.exec(raw.trim())!;
  const prefix = (prefixed[1] ?? 'eq') as DatePrefix | 'sa' | 'eb' | 'ap';
  if (prefix === 'sa' || prefix === 'eb' || prefix === 'ap') throw invalid(`${name}: the ${prefix} prefix is not supported; use eq, ne, lt, le, gt or ge`);
  const m = DATE.exec(prefixed[2]);
  if (!m) throw invalid(`${name}: ${JSON.stringify(raw)} is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime), optionally after eq, ne, lt, le, gt or ge`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (mo !== undefined && (+mo < 1 || +mo > 12)) throw invalid(`${name}: ${JSON.stringify(raw)} is not a valid date`);
  if (h !== undefined && zone === undefined) throw invalid(`${name}: a dateTime needs a time zone (Z or +03:00)`);
  let start: Date;
  let end: Date;
  if (h !== undefined) {
    start = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${zone}`);
    const step = s === undefined ? 60_000 : frac === undefined ? 1_000 : 1;
    end = new Date(start.getTime() + step);
  } else if (d !== undefined) {
    start = new Date(Date.UTC(+y, +mo - 1, +d));
    end = new Date(Date.UTC(+y, +mo - 1, +d + 1));
  } else if (mo !== undefined) {
    start = new Date(Date.UTC(+y, +mo - 1, 1));
    end = new Date(Date.UTC(+y, +mo, 1));
  } else {
    start = new Date(Date.UTC(+y, 0, 1));
    end = new Date(Date.UTC(+y + 1, 0, 1));
  }
  if (Number.isNaN(start.getTime()) || (d !== undefined && start.getUTCDate() !== +d && h === undefined)) throw invalid(`${name}: ${JSON.stringify(raw)} is not a valid date`);
  return { prefix, start, end };
}

/** `Patient/{id}`, a full URL ending so, or a bare id, as the id; `type` is the resource type the reference must name. */
function parseReference(raw: string, name: string, type: string): string {
  const value = raw.trim();
  const m = new RegExp(`^(?:.*/)?(?:${type}/)?([A-Za-z0-9\\-.]{1,64})$`).exec(value);
  if (!m || (value.includes('/') && !new RegExp(`(^|/)${type}/[^/]+$`).test(value))) throw invalid(`${name}: ${JSON.stringify(raw)} is not a reference to a ${type}`);
  return m[1];
}

function integerParam(query: Query, name: string, fallback: number, max: number): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (!/^\d{1,9}$/.test(value)) throw invalid(`${name} must be a whole number from 0 to ${max}`);
  return Math.min(Number(value), max);
}

/** Splits on commas that are not escaped (`\,` is a literal comma). */
const alternatives = (raw: string) => raw.split(/(?<!\\),/).map((v) => v.replace(/\\([,|$\\])/g, '$1'));

/**
 * A search-type query read against the parameters `type` supports. A parameter we do not support
 * is refused (400), not silently ignored: dropping a criterion would answer with records the
 * client did not ask for, which for patient records is worse than an error.
 */
export function parseSearch(type: string, definitions: SearchParamDefinition[], query: Query, references: Record<string, string> = {}): SearchRequest {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const criteria: SearchCriterion[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined || key === '_count' || key === '_offset' || IGNORED.has(key)) continue;
    const [name, modifier] = key.split(':', 2);
    const definition = byName.get(name);
    if (!definition) {
      const known = [...byName.keys(), '_count', '_offset'].join(', ');
      throw invalid(`${key} is not a search parameter of ${type} on this server; supported: ${known}`);
    }
    if (modifier !== undefined && !(definition.type === 'string' && (modifier === 'exact' || modifier === 'contains'))) {
      throw invalid(`${key}: the :${modifier} modifier is not supported${definition.type === 'string' ? ' (use :exact or :contains)' : ''}`);
    }
    for (const one of [raw].flat()) {
      const values = alternatives(one).map((v) => v.trim());
      if (values.some((v) => !v)) throw invalid(`${key}: every value must be non-empty`);
      const where = `${type}?${key}`;
      switch (definition.type) {
        case 'token':
          criteria.push({ name, value: { type: 'token', tokens: values.map((v) => parseToken(v, where)) } });
          break;
        case 'string':
          if (values.some((v) => v.length > 200)) throw invalid(`${key}: a value may be at most 200 characters`);
          criteria.push({ name, value: { type: 'string', values, match: modifier === 'exact' ? 'exact' : modifier === 'contains' ? 'contains' : 'start' } });
          break;
        case 'date':
          criteria.push({ name, value: { type: 'date', ranges: values.map((v) => parseDate(v, where)) } });
          break;
        case 'reference':
          criteria.push({ name, value: { type: 'reference', ids: values.map((v) => parseReference(v, where, references[name] ?? 'Patient')) } });
          break;
      }
    }
  }
  return { criteria, count: integerParam(query, '_count', DEFAULT_COUNT, MAX_COUNT), offset: integerParam(query, '_offset', 0, MAX_OFFSET) };
}

/** Which instants a date criterion admits for a value that is one instant. */
export function dateCondition(range: DateRange): { op: '>=' | '<' | '>' | '<=' | 'between' | 'outside'; values: Date[] } {
  switch (range.prefix) {
    case 'eq':
      return { op: 'between', values: [range.start, range.end] };
    case 'ne':
      return { op: 'outside', values: [range.start, range.end] };
    case 'lt':
      return { op: '<', values: [range.start] };
    case 'le':
      return { op: '<', values: [range.end] };
    case 'gt':
      return { op: '>=', values: [range.end] };
    case 'ge':
      return { op: '>=', values: [range.start] };
  }
}

/** `%`, `_` and `\` as themselves in a LIKE pattern. */
export const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The query string of a page of the same search: the client's parameters with `_count` and `_offset` set. */
function pageUrl(baseUrl: string, type: string, query: Query, count: number, offset: number): string {
  const params = paramsOf(query);
  params.delete('_count');
  params.delete('_offset');
  params.set('_count', String(count));
  if (offset > 0) params.set('_offset', String(offset));
  return `${baseUrl}/${type}?${params.toString()}`;
}

/** A searchset Bundle: one page of matches with the total, and self / first / previous / next links. */
export function searchBundle(baseUrl: string, type: string, query: Query, search: SearchRequest, total: number, resources: { id: string }[]): Bundle {
  const { count, offset } = search;
  const link = [
    { relation: 'self', url: pageUrl(baseUrl, type, query, count, offset) },
    { relation: 'first', url: pageUrl(baseUrl, type, query, count, 0) },
  ];
  if (count > 0 && offset > 0) link.push({ relation: 'previous', url: pageUrl(baseUrl, type, query, count, Math.max(0, offset - count)) });
  if (count > 0 && offset + count < total && offset + count <= MAX_OFFSET) link.push({ relation: 'next', url: pageUrl(baseUrl, type, query, count, offset + count) });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link,
    entry: resources.map((resource) => ({ fullUrl: `${baseUrl}/${type}/${resource.id}`, resource, search: { mode: 'match' } })),
  };
}
