import type { Config } from '../../../config';
import { Hospital, type SurveySettings } from '../../../models/entities';
import { recordAudit } from '../../audit';
import type { AppContext } from '../../context';
import { NotFoundError, ValidationError } from '../../errors';
import { canSeeHospital } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { defineRoute, type RouteSpec } from '../../routing';
import { answerObject, idParams } from '../schemaParts';
import { storedSurveySettings, surveySettingsBody, surveySettingsProblems, surveySettingsView, viewSurveySettings, type SurveySettingsPayload } from '../surveySettingsSchema';

type SurveyDefaults = Config['surveys'];

const settingsReply = answerObject({
  own: { ...surveySettingsView, description: "the hospital's own settings; null where it inherits" },
  effective: { ...surveySettingsView, description: 'what its surveys follow unless a stage template overrides: own, else PX_SURVEY_*' },
});

/** The hospital's settings over the configured defaults, field by field. */
function effective(own: SurveySettings | null | undefined, defaults: SurveyDefaults): Required<SurveySettings> {
  return {
    sendDelay: own?.sendDelay ?? defaults.sendDelay,
    quietHours: own?.quietHours ?? defaults.quietHours,
    reminders: own?.reminders ?? defaults.reminders,
    expiry: own?.expiry ?? defaults.expiry,
    cooldownDays: own?.cooldownDays ?? defaults.cooldownDays,
  };
}

const reply = (hospital: Hospital, defaults: SurveyDefaults) => ({ own: viewSurveySettings(hospital.surveySettings), effective: effective(hospital.surveySettings, defaults) });

async function findVisible(ctx: AppContext, id: string): Promise<Hospital> {
  const hospital = canSeeHospital(ctx.state.principal!, id) ? await ctx.state.em.findOne(Hospital, { id, deletedAt: null }) : null;
  if (!hospital) throw NotFoundError('hospital');
  return hospital;
}

/**
 * A hospital's survey timing (send delay, quiet hours, reminders, expiry, cooldown) over the
 * `PX_SURVEY_*` defaults, which come in as `defaults`. Stage templates may override it in turn.
 */
export function hospitalSurveySettingRoutes(defaults: SurveyDefaults): RouteSpec[] {
  return [
    defineRoute<{ id: string }>({
      method: 'get',
      path: '/api/v1/hospitals/{id}/survey-settings',
      operationId: 'getHospitalSurveySettings',
      tag: 'organization',
      summary: "A hospital's own survey timing and the timing its surveys follow",
      access: ROLE_LEVEL.VIEWER,
      params: idParams,
      response: { schema: settingsReply },
      handler: async (ctx, { params }) => reply(await findVisible(ctx, params.id), defaults),
    }),
    defineRoute<{ id: string }, unknown, SurveySettingsPayload>({
      method: 'put',
      path: '/api/v1/hospitals/{id}/survey-settings',
      operationId: 'replaceHospitalSurveySettings',
      tag: 'organization',
      summary: "Replace a hospital's survey timing; a field left out or null follows the PX_SURVEY_* default",
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      body: surveySettingsBody,
      response: { schema: settingsReply },
      async handler(ctx, { params, body }) {
        const em = ctx.state.em;
        const hospital = await findVisible(ctx, params.id);
        const problems = surveySettingsProblems(body);
        if (problems.length) throw ValidationError(problems);
        const before = viewSurveySettings(hospital.surveySettings);
        hospital.surveySettings = storedSurveySettings(body);
        recordAudit(em, ctx, { action: 'hospital.update_survey_settings', entityType: 'hospital', entityId: hospital.id, hospitalId: hospital.id, before, after: viewSurveySettings(hospital.surveySettings) });
        await em.flush();
        return reply(hospital, defaults);
      },
    }),
  ];
}
