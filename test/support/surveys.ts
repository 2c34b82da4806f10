import { readFile } from 'node:fs/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SurveyInstance, SurveyQuestion } from '../../models/entities';
import { eventually } from './eventually';

/** The survey link in a message text. */
export function surveyLinkIn(text: string): string {
  const match = /https?:\/\/[^\s]+\/s\/[A-Za-z0-9_-]{43}/.exec(text);
  if (!match) throw new Error(`no survey link in: ${text}`);
  return match[0];
}

/** The lines of a console outbox file (none yet: an empty list). */
export async function outboxLines(file: string): Promise<{ channel: string; to: string; language: string; body: string; link: string | null; subject?: string }[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** The survey of an encounter's stage, once its workflow has created it. */
export function surveyOf(em: () => EntityManager, workflowId: string, timeoutMs = 20_000): Promise<SurveyInstance> {
  return eventually(async () => (await em().findOne(SurveyInstance, { workflowId })) ?? undefined, timeoutMs, `survey ${workflowId} created`);
}

/** Waits until a survey reaches one of `statuses`. */
export function surveyInStatus(em: () => EntityManager, workflowId: string, statuses: SurveyInstance['status'][], timeoutMs = 20_000): Promise<SurveyInstance> {
  return eventually(
    async () => {
      const survey = await em().findOne(SurveyInstance, { workflowId });
      return survey && statuses.includes(survey.status) ? survey : undefined;
    },
    timeoutMs,
    `survey ${workflowId} ${statuses.join('/')}`,
  );
}

/** The worst answer to every question of a template, as the survey page posts it. */
export async function worstAnswers(em: EntityManager, templateId: string): Promise<URLSearchParams> {
  const form = new URLSearchParams();
  for (const q of await em.find(SurveyQuestion, { templateId }, { orderBy: { position: 'asc' } })) {
    if (q.type === 'nps') form.append(q.code, '0');
    else if (q.type === 'rating' || q.type === 'likert') form.append(q.code, '1');
    else if (q.type === 'yes_no') form.append(q.code, 'no');
    else if (q.type === 'single_choice' || q.type === 'multiple_choice') form.append(q.code, [...q.options].sort((a, b) => (a.score ?? 0) - (b.score ?? 0))[0].code);
    else form.append(q.code, 'الانتظار كان طويلاً جداً');
  }
  return form;
}

/** The best answer to every question of a template, as the survey page posts it. */
export async function bestAnswers(em: EntityManager, templateId: string): Promise<URLSearchParams> {
  const form = new URLSearchParams();
  for (const q of await em.find(SurveyQuestion, { templateId }, { orderBy: { position: 'asc' } })) {
    if (q.type === 'nps') form.append(q.code, '10');
    else if (q.type === 'rating' || q.type === 'likert') form.append(q.code, '5');
    else if (q.type === 'yes_no') form.append(q.code, 'yes');
    else if (q.type === 'single_choice' || q.type === 'multiple_choice') form.append(q.code, [...q.options].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0].code);
    else form.append(q.code, 'Thank you, all good');
  }
  return form;
}

/** Submits a survey form the way the patient's browser does; answers the response status. */
export async function submitSurvey(link: string, form: URLSearchParams): Promise<number> {
  const response = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  await response.text();
  return response.status;
}
