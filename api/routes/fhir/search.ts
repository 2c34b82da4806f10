import type { Identifier } from './types';
import { invalid } from './outcome';

/** An `identifier` token: `system|value`, `|value` (no system) or `value` (any system). */
export interface IdentifierToken {
  /** undefined = any system; '' = identifiers without a system. */
  system?: string;
  value: string;
}

function parseToken(token: string, where: string): IdentifierToken {
  const bar = token.indexOf('|');
  const system = bar < 0 ? undefined : token.slice(0, bar).trim();
  const value = (bar < 0 ? token : token.slice(bar + 1)).trim();
  if (!value) throw invalid(`${where}: identifier must be system|value with a value, got ${JSON.stringify(token)}`);
  return { system, value };
}

/**
 * The criteria of a conditional interaction. Only `identifier` is supported: it is how hospital
 * systems name their patients and visits, and the only criterion we can answer exactly. `where`
 * names the header or query string in errors, since criteria have no FHIRPath.
 */
export function identifierCriteria(params: URLSearchParams, where: string): IdentifierToken {
  const names = [...new Set(params.keys())];
  const unsupported = names.filter((n) => n !== 'identifier');
  if (unsupported.length > 0) throw invalid(`${where}: only the identifier search parameter is supported, not ${unsupported.join(', ')}`);
  const tokens = params.getAll('identifier');
  if (tokens.length !== 1) throw invalid(`${where}: exactly one identifier=system|value is required`);
  return parseToken(tokens[0], where);
}

/** `If-None-Exist: identifier=system|value` (the header holds a query string). */
export function ifNoneExist(header: string): IdentifierToken | undefined {
  if (!header.trim()) return undefined;
  return identifierCriteria(new URLSearchParams(header.trim().replace(/^[A-Za-z]*\?/, '')), 'If-None-Exist');
}

/** The conditional update's `?identifier=…`, as Koa parsed the query string. */
export function conditionalQuery(query: Record<string, string | string[] | undefined>): IdentifierToken {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const v of [value ?? []].flat()) params.append(name, v);
  return identifierCriteria(params, 'conditional update ?identifier');
}

/** Whether an identifier satisfies a token, with FHIR token semantics for the system part. */
export function tokenMatches(token: IdentifierToken, identifier: Identifier): boolean {
  if (identifier.value?.trim() !== token.value) return false;
  if (token.system === undefined) return true;
  return (identifier.system ?? '') === token.system;
}
