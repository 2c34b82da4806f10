import { EVENT_CODES } from '../../../adapters/hl7/mapping';
import { answerObject, uuid } from '../schemaParts';

/** An event from a system that speaks JSON rather than HL7, e.g. a queue-management or appointment system. */
export const intakeEvent = {
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'eventCode', 'hospitalCode', 'occurredAt'],
  properties: {
    eventId: { type: 'string', minLength: 1, maxLength: 120, description: 'the sender\'s unique id; a repeat is answered as a duplicate' },
    eventCode: { type: 'string', enum: [...EVENT_CODES] },
    hospitalCode: { type: 'string', minLength: 2, maxLength: 32 },
    visitNumber: { type: 'string', minLength: 1, maxLength: 64 },
    occurredAt: { type: 'string', format: 'date-time' },
    patientClass: { type: 'string', enum: ['E', 'I', 'O'] },
    location: { type: 'string', maxLength: 120 },
    department: { type: 'string', maxLength: 32, description: 'department code' },
    patient: {
      type: 'object',
      additionalProperties: false,
      required: ['mrn'],
      properties: {
        mrn: { type: 'string', minLength: 1, maxLength: 64 },
        nationalId: { type: 'string', maxLength: 32 },
        familyName: { type: 'string', maxLength: 100 },
        givenName: { type: 'string', maxLength: 100 },
        phone: { type: 'string', pattern: '^\\+?[0-9]{6,15}$' },
        preferredLanguage: { type: 'string', enum: ['ar', 'en'] },
        dateOfBirth: { type: 'string', format: 'date' },
        sex: { type: 'string', enum: ['male', 'female', 'other', 'unknown'] },
      },
    },
    attendingPhysician: {
      type: 'object',
      additionalProperties: false,
      required: ['licenseNo'],
      properties: { licenseNo: { type: 'string', minLength: 1, maxLength: 64 }, name: { type: 'string', maxLength: 200 } },
    },
  },
} as const;

export interface IntakeEvent {
  eventId: string;
  eventCode: string;
  hospitalCode: string;
  visitNumber?: string;
  occurredAt: string;
  patientClass?: string;
  location?: string;
  department?: string;
  patient?: { mrn: string; nationalId?: string; familyName?: string; givenName?: string; phone?: string; preferredLanguage?: 'ar' | 'en'; dateOfBirth?: string; sex?: 'male' | 'female' | 'other' | 'unknown' };
  attendingPhysician?: { licenseNo: string; name?: string };
}

/** What a stored event answers: the inbox row it became. */
export const intakeReceiptView = answerObject({
  id: uuid,
  status: { type: 'string', const: 'accepted' },
  duplicate: { type: 'boolean', description: 'true when the same eventId from this source was stored before; nothing new happens' },
});
