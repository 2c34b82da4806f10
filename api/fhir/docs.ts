import { ENCOUNTER_SEARCH } from '../../adapters/fhir/encounter';
import { PATIENT_SEARCH } from '../../adapters/fhir/patient';
import { QUESTIONNAIRE_SEARCH } from '../../adapters/fhir/questionnaire';
import { QUESTIONNAIRE_RESPONSE_SEARCH } from '../../adapters/fhir/questionnaireResponse';
import { RESOURCE_SCHEMAS } from '../../adapters/fhir/schema';
import { MAX_COUNT, MAX_OFFSET, type SearchParamDefinition } from '../../adapters/fhir/search';

const FHIR_SPEC = 'https://hl7.org/fhir/R4';

/** The OpenAPI description of a FHIR resource: its resourceType, the elements we check where we take it, the rest by the FHIR specification. */
export function resourceDoc(type: string): object {
  const checked = (RESOURCE_SCHEMAS as Record<string, object>)[type];
  if (checked) return { ...checked, description: `a FHIR R4 ${type} (${FHIR_SPEC}/${type.toLowerCase()}.html); elements not listed are kept or ignored, never refused` };
  return {
    type: 'object',
    required: ['resourceType'],
    properties: { resourceType: { const: type } },
    description: `a FHIR R4 ${type} (${FHIR_SPEC}/${type.toLowerCase()}.html)`,
  };
}

const operationOutcome = {
  type: 'object',
  required: ['resourceType', 'issue'],
  description: `a FHIR OperationOutcome (${FHIR_SPEC}/operationoutcome.html)`,
  properties: {
    resourceType: { const: 'OperationOutcome' },
    issue: {
      type: 'array',
      items: {
        type: 'object',
        required: ['severity', 'code'],
        properties: {
          severity: { type: 'string', enum: ['fatal', 'error', 'warning', 'information'] },
          code: { type: 'string', description: 'FHIR issue type: invalid, structure, security, forbidden, not-found, not-supported, conflict, multiple-matches, processing, business-rule, exception, …' },
          diagnostics: { type: 'string' },
          expression: { type: 'array', items: { type: 'string' }, description: 'FHIRPath of the element at fault' },
        },
      },
    },
  },
};

export const FHIR_DOCS = { errorBody: { schema: operationOutcome, contentType: 'application/fhir+json' } };

const SEARCHES: Record<string, SearchParamDefinition[]> = {
  Patient: PATIENT_SEARCH,
  Encounter: ENCOUNTER_SEARCH,
  Questionnaire: QUESTIONNAIRE_SEARCH,
  QuestionnaireResponse: QUESTIONNAIRE_RESPONSE_SEARCH,
};

/** The query string of a search-type interaction: its search parameters, paging, and `_format`. */
export function searchQueryDoc(type: string): object {
  const properties: Record<string, object> = {};
  for (const p of SEARCHES[type] ?? []) properties[p.name] = { type: ['string', 'array'], description: `${p.type}: ${p.documentation}; commas separate alternatives` };
  properties._count = { type: 'integer', minimum: 0, description: `matches per page (default 20, at most ${MAX_COUNT}; 0: the total only)` };
  properties._offset = { type: 'integer', minimum: 0, maximum: MAX_OFFSET, description: 'matches to skip (the next link sets it)' };
  properties._format = { type: 'string', enum: ['json', 'application/fhir+json', 'application/json'] };
  return { type: 'object', properties };
}
