import { SURVEY_IDENTIFIER_SYSTEM } from './questionnaireResponseResource';

/** What this server does, for FHIR clients that discover before they send (`GET /metadata`). */
export function capabilityStatement(baseUrl: string, published: Date) {
  const resource = (type: string, documentation: string) => ({
    type,
    documentation,
    interaction: [{ code: 'read' }, { code: 'create' }, { code: 'update' }],
    versioning: 'no-version',
    readHistory: false,
    updateCreate: false,
    conditionalCreate: true,
    conditionalRead: 'not-supported',
    conditionalUpdate: true,
    conditionalDelete: 'not-supported',
    searchParam: [{ name: 'identifier', type: 'token', documentation: 'system|value; only as the criteria of If-None-Exist and of a conditional update' }],
  });
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: published.toISOString(),
    publisher: 'PX360',
    kind: 'instance',
    software: { name: 'PX360' },
    implementation: { description: 'PX360 patient-experience hub: patient records, encounter events and survey answers from hospital systems', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: false,
          service: [{ text: 'X-Api-Key of an integration source' }],
          description: 'Every interaction but metadata needs the X-Api-Key header of an active integration source.',
        },
        resource: [
          resource('Patient', 'Written to the patient record of the hospital in managingOrganization.identifier.value (else the source\'s hospital); the MRN is the identifier typed MR.'),
          resource('Encounter', 'Each create or update is a patient-journey event for the visit in identifier[0]; the id is that event\'s, and read answers the state it stated.'),
          { type: 'Questionnaire', documentation: 'Survey templates, read only: English text with Arabic translations.', interaction: [{ code: 'read' }] },
          {
            type: 'QuestionnaireResponse',
            documentation:
              `A patient's completed answers to a survey we sent, once per survey (409 once answered, 410 once expired). identifier is the survey's: system ${SURVEY_IDENTIFIER_SYSTEM}, value its id; ` +
              'questionnaire is the Questionnaire it was sent as; each item\'s linkId is a question code, answered with the value[x] its Questionnaire item offers (scales: valueInteger or the option\'s valueCoding).',
            interaction: [{ code: 'create' }],
          },
        ],
      },
    ],
  };
}
