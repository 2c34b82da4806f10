import { ENCOUNTER_SEARCH } from './encounter';
import { PATIENT_SEARCH } from './patient';
import { QUESTIONNAIRE_SEARCH } from './questionnaire';
import { QUESTIONNAIRE_RESPONSE_SEARCH } from './questionnaireResponse';
import { SURVEY_IDENTIFIER_SYSTEM } from './questionnaireResponseResource';
import type { SearchParamDefinition } from './search';

/** Our own codes for how callers authenticate: neither is OAuth or SMART-on-FHIR, so no standard code is claimed. */
export const SECURITY_SERVICE_SYSTEM = 'urn:px360:fhir-security-service';

const FHIR_TYPES = 'http://hl7.org/fhir/StructureDefinition';
const paging = 'Searches page with _count (default 20, at most 100) and _offset; unknown search parameters are refused (400), not ignored.';

interface ResourceCapability {
  type: string;
  documentation: string;
  interactions: ('read' | 'search-type' | 'create' | 'update')[];
  search: SearchParamDefinition[];
  conditional?: boolean;
}

function resource({ type, documentation, interactions, search, conditional }: ResourceCapability) {
  return {
    type,
    profile: `${FHIR_TYPES}/${type}`,
    documentation,
    interaction: interactions.map((code) => ({ code })),
    versioning: 'no-version',
    readHistory: false,
    updateCreate: false,
    conditionalCreate: !!conditional,
    conditionalRead: 'not-supported',
    conditionalUpdate: !!conditional,
    conditionalDelete: 'not-supported',
    searchParam: search.map(({ name, type: paramType, documentation: doc }) => ({ name, definition: `http://hl7.org/fhir/SearchParameter/${type}-${name.replace(/^_/, '')}`, type: paramType, documentation: doc })),
  };
}

/** What this server does, for FHIR clients that discover before they send (`GET /metadata`). */
export function capabilityStatement(baseUrl: string, published: Date) {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: published.toISOString(),
    publisher: 'PX360',
    kind: 'instance',
    software: { name: 'PX360' },
    implementation: { description: 'PX360 patient-experience hub: patient records, encounter events and survey answers from hospital systems', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        documentation: `Every answer is application/fhir+json; every refusal an OperationOutcome. ${paging}`,
        security: {
          cors: false,
          service: [
            { coding: [{ system: SECURITY_SERVICE_SYSTEM, code: 'api-key', display: 'X-Api-Key' }], text: 'X-Api-Key of an integration source' },
            { coding: [{ system: SECURITY_SERVICE_SYSTEM, code: 'bearer-token', display: 'PX360 bearer token' }], text: 'Authorization: Bearer, a PX360 access token (POST /api/v1/auth/login)' },
          ],
          description:
            'Every interaction but metadata needs the X-Api-Key header of an active integration source, or a staff member\'s PX360 access token ' +
            '(Authorization: Bearer): reads and searches need STAFF or above, Patient and QuestionnaireResponse writes PX_COORDINATOR, Encounter writes ' +
            'HOSPITAL_ADMIN; a caller tied to one hospital sees and sends only that hospital\'s records, and staff tied to a department below ' +
            'HOSPITAL_ADMIN are refused (the FHIR server answers for whole hospitals).',
        },
        resource: [
          resource({
            type: 'Patient',
            documentation:
              "Written to the patient record of the hospital in managingOrganization.identifier.value (else the caller's hospital); the MRN is the identifier typed MR (its system is kept). " +
              'Names are kept per language (the language extension, else the script), with their family and given parts.',
            interactions: ['read', 'search-type', 'create', 'update'],
            search: PATIENT_SEARCH,
            conditional: true,
          }),
          resource({
            type: 'Encounter',
            documentation:
              'One Encounter per visit (hospital + identifier[0], the visit number), with one id for good: create, update and conditional update of the visit keep it. ' +
              'Each write is also a patient-journey event; read and search answer the visit\'s current state (status, period, class, participant, location from the journey).',
            interactions: ['read', 'search-type', 'create', 'update'],
            search: ENCOUNTER_SEARCH,
            conditional: true,
          }),
          resource({
            type: 'Questionnaire',
            documentation: 'Survey templates, read only: English text with Arabic translations.',
            interactions: ['read', 'search-type'],
            search: QUESTIONNAIRE_SEARCH,
          }),
          resource({
            type: 'QuestionnaireResponse',
            documentation:
              `A patient's completed answers to a survey we sent, once per survey (409 once answered, 410 once expired). identifier is the survey's: system ${SURVEY_IDENTIFIER_SYSTEM}, value its id; ` +
              "questionnaire is the Questionnaire it was sent as; each item's linkId is a question code, answered with the value[x] its Questionnaire item offers (scales: valueInteger or the option's valueCoding).",
            interactions: ['read', 'search-type', 'create'],
            search: QUESTIONNAIRE_RESPONSE_SEARCH,
          }),
        ],
      },
    ],
  };
}
