export * from './base';
export * from './organizations';
export * from './accounts';
export * from './audit';
export * from './integration';
export * from './journeys';
export * from './surveys';
export * from './notifications';
export * from './complaints';
export * from './physicianRatings';
export * from './analytics';
export * from './qiProjects';
export * from './outbox';
export * from './fhir';

import { DepartmentSchema, EmployeeSchema, HospitalSchema, PatientSchema, PhysicianSchema } from './organizations';
import { RefreshTokenFamilySchema, RefreshTokenSchema, RoleSchema, UserSchema } from './accounts';
import { AuditEventSchema } from './audit';
import { EventMappingSchema, InboxMessageSchema, IntegrationSourceSchema } from './integration';
import { EncounterSchema, JourneyTemplateSchema, StageInstanceSchema, StageTemplateSchema } from './journeys';
import { SurveyInstanceSchema, SurveyQuestionSchema, SurveyResponseSchema, SurveyTemplateSchema, SurveyTokenSchema } from './surveys';
import { NotificationLogSchema, NotificationTemplateSchema } from './notifications';
import { CaseEventSchema, CaseTextSchema, ComplaintSchema, HolidaySchema, PxActionSchema, SlaPolicySchema } from './complaints';
import { PhysicianMonthlyRatingSchema } from './physicianRatings';
import { KpiValueSchema } from './analytics';
import { QiProjectSchema } from './qiProjects';
import { OutboxDeliveryProcessSchema, OutboxLaneLeaseSchema, OutboxMessageSchema } from './outbox';
import { FhirEncounterRecordSchema } from './fhir';

export const entities = [
  HospitalSchema,
  DepartmentSchema,
  PhysicianSchema,
  EmployeeSchema,
  PatientSchema,
  RoleSchema,
  UserSchema,
  RefreshTokenFamilySchema,
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
  SurveyInstanceSchema,
  SurveyTokenSchema,
  SurveyResponseSchema,
  NotificationLogSchema,
  NotificationTemplateSchema,
  ComplaintSchema,
  PxActionSchema,
  CaseEventSchema,
  CaseTextSchema,
  SlaPolicySchema,
  HolidaySchema,
  KpiValueSchema,
  PhysicianMonthlyRatingSchema,
  QiProjectSchema,
  OutboxMessageSchema,
  OutboxLaneLeaseSchema,
  OutboxDeliveryProcessSchema,
  FhirEncounterRecordSchema,
];
