export * from './base';
export * from './organizations';
export * from './accounts';
export * from './audit';
export * from './integration';
export * from './journeys';
export * from './surveys';
export * from './notifications';

import { DepartmentSchema, EmployeeSchema, HospitalSchema, PatientSchema, PhysicianSchema } from './organizations';
import { RefreshTokenSchema, RoleSchema, UserSchema } from './accounts';
import { AuditEventSchema } from './audit';
import { EventMappingSchema, InboxMessageSchema, IntegrationSourceSchema } from './integration';
import { EncounterSchema, JourneyTemplateSchema, StageInstanceSchema, StageTemplateSchema } from './journeys';
import { SurveyQuestionSchema, SurveyTemplateSchema } from './surveys';
import { NotificationLogSchema } from './notifications';

export const entities = [
  HospitalSchema,
  DepartmentSchema,
  PhysicianSchema,
  EmployeeSchema,
  PatientSchema,
  RoleSchema,
  UserSchema,
  RefreshTokenSchema,
  AuditEventSchema,
  IntegrationSourceSchema,
  InboxMessageSchema,
  EventMappingSchema,
  JourneyTemplateSchema,
  StageTemplateSchema,
  EncounterSchema,
  StageInstanceSchema,
  SurveyTemplateSchema,
  SurveyQuestionSchema,
  NotificationLogSchema,
];
