import type { EntityManager } from '@mikro-orm/postgresql';
import { Encounter, JourneyTemplate, StageInstance, StageTemplate } from '../models/entities';
import { encounterIdOf } from '../models/encounterIdentity';
import { parseIsoDuration } from '../models/rules/duration';
import { withinLimit } from '../models/rules/durationLimits';
import type { Orm } from '../models/orm';
import type { EncounterState, JourneySnapshot } from '../workflows/encounterTypes';

/** The active journey of a hospital that fits the patient class, else the events seen so far. */
async function findJourney(em: EntityManager, hospitalId: string, patientClass: string | undefined, eventCodes: string[]): Promise<JourneyTemplate | null> {
  const journeys = await em.find(JourneyTemplate, { hospitalId, active: true }, { orderBy: { code: 'asc' } });
  if (patientClass) {
    const byClass = journeys.find((j) => j.patientClasses.includes(patientClass));
    if (byClass) return byClass;
  }
  return journeys.find((j) => eventCodes.some((code) => j.startEvents.includes(code))) ?? null;
}

export function encounterActivities({ orm }: { orm: Orm }) {
  return {
    /** Freezes the journey version an encounter follows; later edits make new versions it never sees. */
    async resolveJourney(input: { hospitalId: string; patientClass?: string; eventCodes: string[] }): Promise<JourneySnapshot | null> {
      const em = orm.em.fork();
      const journey = await findJourney(em, input.hospitalId, input.patientClass, input.eventCodes);
      if (!journey) return null;
      const stages = await em.find(StageTemplate, { journeyTemplateId: journey.id }, { orderBy: { position: 'asc' } });
      return {
        templateId: journey.id,
        code: journey.code,
        version: journey.version,
        inactivityMs: withinLimit('journeyInactivity', parseIsoDuration(journey.inactivityTimeout)),
        stages: stages.map((s) => ({
          code: s.code,
          position: s.position,
          triggerEvents: s.triggerEvents,
          required: s.required,
          terminal: s.terminal,
          surveyTemplateCode: s.surveyTemplateCode ?? null,
          sendDelay: s.sendDelay ?? null,
        })),
      };
    },

    /** Writes the encounter and stage read models from the workflow's state; safe to repeat. */
    async recordEncounter(input: { workflowId: string; hospitalId: string; visitNumber: string; state: EncounterState }): Promise<string> {
      const { state } = input;
      return orm.em.fork().transactional(async (em) => {
        let encounter = await em.findOne(Encounter, { workflowId: input.workflowId });
        if (!encounter) {
          // The visit's own id, so the FHIR Encounter of the visit and this row are one id.
          encounter = Object.assign(new Encounter(), { id: encounterIdOf(input.hospitalId, input.visitNumber), workflowId: input.workflowId, hospitalId: input.hospitalId, visitNumber: input.visitNumber });
          em.persist(encounter);
        }
        Object.assign(encounter, {
          journeyTemplateId: state.journey?.templateId ?? null,
          journeyCode: state.journey?.code ?? null,
          journeyVersion: state.journey?.version ?? null,
          patientId: state.patientId ?? null,
          attendingPhysicianId: state.attendingPhysicianId ?? null,
          departmentId: state.departmentId ?? null,
          location: state.location ?? null,
          patientClass: state.patientClass ?? null,
          status: state.status,
          startedAt: new Date(state.startedAt),
          lastEventAt: new Date(state.lastEventAt),
          endedAt: state.status === 'active' ? null : (encounter.endedAt ?? new Date()),
        });
        const existing = new Map((await em.find(StageInstance, { encounterId: encounter.id })).map((s) => [s.code, s]));
        state.stages.forEach((stage, position) => {
          const row = existing.get(stage.code) ?? em.create(StageInstance, { encounterId: encounter.id, code: stage.code, position } as never);
          Object.assign(row, { position, status: stage.status, completedAt: stage.completedAt ? new Date(stage.completedAt) : null, eventCode: stage.eventCode ?? null });
        });
        return encounter.id;
      });
    },
  };
}
