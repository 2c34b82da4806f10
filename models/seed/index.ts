import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Department, EventMapping, Hospital, JourneyTemplate, NotificationTemplate, Physician, Role, StageTemplate, SurveyQuestion, SurveyTemplate, User } from '../entities';
import { BUILT_IN_ROLES } from '../roles';
import { DEMO_DEPARTMENTS, DEMO_HOSPITAL, DEMO_PHYSICIANS } from './demoHospital';
import { DEFAULT_JOURNEYS } from './demoJourneys';
import { DEFAULT_SURVEYS } from './demoSurveys';
import { DEFAULT_NOTIFICATION_TEMPLATES } from './notificationTemplates';
import { seedSlaPolicies } from './slaPolicies';

export interface SeedOptions {
  adminEmail: string;
  /** When unset and the admin does not exist yet, a password is generated and returned once. */
  adminPassword?: string;
  demo: boolean;
  hashPassword(password: string): Promise<string>;
  /** Group-wide HL7 event mappings to install when there are none yet. */
  defaultEventMappings?: Pick<EventMapping, 'messageType' | 'triggerEvent' | 'patientClass' | 'serviceSection' | 'eventCode' | 'priority'>[];
}

export interface SeedResult {
  adminCreated: boolean;
  generatedAdminPassword?: string;
}

async function seedRoles(em: EntityManager): Promise<Map<string, Role>> {
  const existing = new Map((await em.find(Role, {})).map((r) => [r.code, r]));
  for (const role of BUILT_IN_ROLES) {
    if (!existing.has(role.code)) {
      const created = Object.assign(new Role(), role, { system: true });
      em.persist(created);
      existing.set(role.code, created);
    }
  }
  return existing;
}

/** The default journeys of a hospital, version 1, unless it has journeys already. */
export async function seedJourneys(em: EntityManager, hospitalId: string): Promise<void> {
  if ((await em.count(JourneyTemplate, { hospitalId })) > 0) return;
  for (const { stages, ...journey } of DEFAULT_JOURNEYS) {
    const template = Object.assign(new JourneyTemplate(), { ...journey, hospitalId, version: 1 });
    em.persist(template);
    stages.forEach((stage, position) =>
      em.persist(Object.assign(new StageTemplate(), { ...stage, terminal: stage.terminal ?? false, journeyTemplateId: template.id, position })),
    );
  }
}

/** The default survey templates of a hospital, version 1, each unless the hospital has one of its code. */
export async function seedSurveyTemplates(em: EntityManager, hospitalId: string): Promise<void> {
  const existing = new Set((await em.find(SurveyTemplate, { hospitalId }, { fields: ['code'] })).map((t) => t.code));
  for (const { questions, ...survey } of DEFAULT_SURVEYS.filter((s) => !existing.has(s.code))) {
    const template = Object.assign(new SurveyTemplate(), { ...survey, hospitalId, version: 1 });
    em.persist(template);
    questions.forEach((q, position) =>
      em.persist(
        Object.assign(new SurveyQuestion(), {
          ...q,
          templateId: template.id,
          position,
          required: q.required ?? true,
          critical: q.critical ?? false,
          weight: q.weight ?? 1,
          options: q.options ?? [],
        }),
      ),
    );
  }
}

/** What every hospital starts with: its journeys and the surveys they send. */
export async function seedHospitalDefaults(em: EntityManager, hospitalId: string): Promise<void> {
  await seedJourneys(em, hospitalId);
  await seedSurveyTemplates(em, hospitalId);
}

/** The group-wide wording of patient messages, each code, channel and language once. */
async function seedNotificationTemplates(em: EntityManager): Promise<void> {
  const existing = new Set((await em.find(NotificationTemplate, { hospitalId: null })).map((t) => `${t.code}/${t.channel}/${t.language}`));
  for (const seed of DEFAULT_NOTIFICATION_TEMPLATES) {
    if (!existing.has(`${seed.code}/${seed.channel}/${seed.language}`)) em.persist(Object.assign(new NotificationTemplate(), { ...seed, hospitalId: null }));
  }
}

async function seedEventMappings(em: EntityManager, rules: NonNullable<SeedOptions['defaultEventMappings']>): Promise<void> {
  if ((await em.count(EventMapping, {})) > 0) return;
  for (const rule of rules) em.persist(Object.assign(new EventMapping(), rule));
}

async function seedDemoHospital(em: EntityManager): Promise<void> {
  let hospital = await em.findOne(Hospital, { code: DEMO_HOSPITAL.code });
  if (!hospital) {
    hospital = Object.assign(new Hospital(), DEMO_HOSPITAL);
    em.persist(hospital);
  }
  const departments = new Map((await em.find(Department, { hospitalId: hospital.id })).map((d) => [d.code, d]));
  for (const d of DEMO_DEPARTMENTS) {
    if (departments.has(d.code)) continue;
    const department = Object.assign(new Department(), {
      hospitalId: hospital.id,
      parentId: d.parent ? departments.get(d.parent)!.id : null,
      code: d.code,
      nameEn: d.nameEn,
      nameAr: d.nameAr,
    });
    em.persist(department);
    departments.set(d.code, department);
  }
  const physicians = new Set((await em.find(Physician, { hospitalId: hospital.id })).map((p) => p.licenseNo));
  for (const { department, ...p } of DEMO_PHYSICIANS) {
    if (physicians.has(p.licenseNo)) continue;
    em.persist(Object.assign(new Physician(), { ...p, hospitalId: hospital.id, departmentId: departments.get(department)!.id }));
  }
  await seedHospitalDefaults(em, hospital.id);
}

/** Roles, the bootstrap admin and (optionally) the DEMO hospital. Safe to run on every start. */
export async function seed(em: EntityManager, options: SeedOptions): Promise<SeedResult> {
  return em.transactional(async (tx) => {
    const roles = await seedRoles(tx);
    await seedNotificationTemplates(tx);
    await seedSlaPolicies(tx);
    if (options.defaultEventMappings) await seedEventMappings(tx, options.defaultEventMappings);
    if (options.demo) await seedDemoHospital(tx);
    const email = options.adminEmail.toLowerCase();
    if (await tx.findOne(User, { email })) return { adminCreated: false };
    const password = options.adminPassword ?? randomBytes(12).toString('base64url');
    tx.persist(
      Object.assign(new User(), {
        email,
        passwordHash: await options.hashPassword(password),
        fullName: 'PX Administrator',
        roleId: roles.get('PX_ADMIN')!.id,
        hospitalId: null,
        language: 'en',
      }),
    );
    return { adminCreated: true, generatedAdminPassword: options.adminPassword ? undefined : password };
  });
}
