/**
 * The parts of FHIR R4 data types and resources this endpoint reads or writes. Incoming resources
 * are untrusted JSON: these types describe their shape only after `resourceSchema` has checked it.
 */
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Identifier {
  use?: string;
  type?: CodeableConcept;
  system?: string;
  value?: string;
  assigner?: Reference;
}

export interface Reference {
  reference?: string;
  identifier?: Identifier;
  display?: string;
}

export interface Extension {
  url: string;
  valueCode?: string;
  valueString?: string;
  extension?: Extension[];
}

export interface HumanName {
  extension?: Extension[];
  use?: string;
  text?: string;
  family?: string;
  given?: string[];
}

export interface ContactPoint {
  system?: string;
  value?: string;
  use?: string;
}

export interface Period {
  start?: string;
  end?: string;
}

export interface Meta {
  versionId?: string;
  lastUpdated?: string;
}

export interface FhirPatient {
  resourceType: 'Patient';
  id?: string;
  meta?: Meta;
  identifier?: Identifier[];
  active?: boolean;
  name?: HumanName[];
  telecom?: ContactPoint[];
  gender?: string;
  birthDate?: string;
  deceasedBoolean?: boolean;
  deceasedDateTime?: string;
  communication?: { language?: CodeableConcept; preferred?: boolean }[];
  managingOrganization?: Reference;
}

/** A search answer: one page of matches, the total, and links to the other pages. */
export interface Bundle {
  resourceType: 'Bundle';
  type: 'searchset' | 'history' | 'transaction-response';
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: { fullUrl?: string; resource?: object; search?: { mode: 'match' | 'include' | 'outcome' } }[];
}

export interface EncounterParticipant {
  type?: CodeableConcept[];
  individual?: Reference;
}

export interface FhirEncounter {
  resourceType: 'Encounter';
  id?: string;
  meta?: Meta;
  identifier?: Identifier[];
  status?: string;
  class?: Coding;
  serviceType?: CodeableConcept;
  subject?: Reference;
  participant?: EncounterParticipant[];
  period?: Period;
  location?: { location?: Reference }[];
  serviceProvider?: Reference;
}

export interface QuestionnaireResponseAnswer {
  valueInteger?: number;
  valueBoolean?: boolean;
  valueString?: string;
  valueCoding?: Coding;
}

export interface QuestionnaireResponseItem {
  linkId: string;
  answer?: QuestionnaireResponseAnswer[];
  /** The items of a group. */
  item?: QuestionnaireResponseItem[];
}

export interface FhirQuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  id?: string;
  meta?: Meta;
  identifier: Identifier & { system: string; value: string };
  /** Canonical URL of the Questionnaire answered. */
  questionnaire: string;
  status: string;
  item?: QuestionnaireResponseItem[];
}

/** HL7 v2 table 0203 identifier types, the coding FHIR uses for Identifier.type. */
export const IDENTIFIER_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0203';
/** The language a HumanName (or other element) is written in, as BCP 47. */
export const LANGUAGE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/language';
/** A translation of an element's text, on its `_field`. */
export const TRANSLATION_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/translation';
/** Saudi national id (NPHIES). */
export const NATIONAL_ID_SYSTEM = 'http://nphies.sa/identifier/nationalid';
export const ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
