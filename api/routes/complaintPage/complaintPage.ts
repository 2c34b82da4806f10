/**
 * The public complaint page, `/complaint`: anyone may tell a hospital what went wrong, without an
 * account and without JavaScript. A valid form opens a complaint (channel `web`, severity medium
 * until the PX team triages it) exactly as staff would, and answers with its reference number.
 */
import { Department, Hospital } from '../../../models/entities';
import type { Language } from '../../../models/entities/organizations';
import type { FormBody } from '../../../web/survey';
import { complaintFromForm, renderComplaintPage, renderComplaintReceived, renderTooManyComplaints, type ParsedComplaintForm } from '../../../web/complaint';
import type { ApiServices, AppContext } from '../../context';
import { defineRoute, type RouteSpec } from '../../routing';
import type { CaseServices } from '../complaints/cases';
import { openComplaint } from '../complaints/openComplaint';
import { RateLimit } from '../../rateLimit';

const TAG = 'Public complaint page';
const PATH = '/complaint';
/** A person with a real complaint sends one, maybe a second after a mistake; five in ten minutes is a script. */
const POSTS_PER_WINDOW = 5;
const WINDOW_MS = 10 * 60_000;

const pageQuery = {
  type: 'object',
  properties: {
    lang: { type: 'string', enum: ['ar', 'en'] },
    hospital: { type: 'string', maxLength: 32, description: 'Hospital code, e.g. DEMO; without it the form offers every hospital' },
  },
};

type PageQuery = { lang?: Language; hospital?: string };

function html(ctx: AppContext, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  // A re-shown form carries what the complainant typed: not cached, not indexed, not framed.
  ctx.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'" });
  ctx.body = body;
}

/** The hospitals taking complaints, the one the link names, and the departments of the one chosen. */
async function choicesFor(ctx: AppContext, language: Language, linkedCode: string | undefined, postedCode: string | undefined) {
  const em = ctx.state.em;
  const nameField = language === 'ar' ? 'nameAr' : 'nameEn';
  const hospitals = await em.find(Hospital, { deletedAt: null }, { orderBy: { [nameField]: 'asc' } });
  const byCode = (code: string | undefined) => (code ? hospitals.find((h) => h.code === code.trim().toUpperCase()) : undefined);
  const linked = byCode(linkedCode);
  const chosen = byCode(postedCode) ?? linked;
  const departments = chosen ? await em.find(Department, { hospitalId: chosen.id, deletedAt: null }, { orderBy: { [nameField]: 'asc' } }) : [];
  return { hospitals, linked, chosen, departments, name: (h: Hospital | Department) => h[nameField] };
}

type Choices = Awaited<ReturnType<typeof choicesFor>>;

function pageModel(language: Language, choices: Choices, form?: Pick<ParsedComplaintForm, 'values' | 'errors'>) {
  const { linked, name } = choices;
  const link = (lang: Language) => `${PATH}?lang=${lang}${linked ? `&hospital=${encodeURIComponent(linked.code)}` : ''}`;
  return {
    language,
    action: link(language),
    switchHref: link(language === 'ar' ? 'en' : 'ar'),
    hospital: linked ? { code: linked.code, name: name(linked) } : undefined,
    hospitals: choices.hospitals.map((h) => ({ value: h.code, label: name(h) })),
    departments: choices.departments.map((d) => ({ value: d.id, label: name(d) })),
    values: form?.values,
    errors: form?.errors,
  };
}

export function complaintPageRoutes(services: CaseServices & Pick<ApiServices, 'config'>): RouteSpec[] {
  // In PostgreSQL, so every API process counts the same posts.
  const limiter = new RateLimit(services.orm, 'public_complaint', POSTS_PER_WINDOW, WINDOW_MS);
  return [
    defineRoute<unknown, PageQuery>({
      method: 'get',
      path: PATH,
      operationId: 'getComplaintPage',
      tag: TAG,
      summary: 'The complaint form (HTML, Arabic by default)',
      access: 'public',
      query: pageQuery,
      response: { contentType: 'text/html', description: 'the complaint form' },
      async handler(ctx, { query }) {
        const language = query.lang ?? 'ar';
        html(ctx, 200, renderComplaintPage(pageModel(language, await choicesFor(ctx, language, query.hospital, undefined))));
      },
    }),
    defineRoute<unknown, PageQuery>({
      method: 'post',
      path: PATH,
      operationId: 'submitComplaintPage',
      tag: TAG,
      summary: 'Submit the complaint form (`application/x-www-form-urlencoded`: hospital, name, phone, email, department, category, description)',
      access: 'public',
      query: pageQuery,
      requestContentType: 'application/x-www-form-urlencoded',
      documentedBody: {
        type: 'object',
        properties: Object.fromEntries(['hospital', 'name', 'phone', 'email', 'department', 'category', 'description'].map((field) => [field, { type: 'string' }])),
      },
      response: { contentType: 'text/html', description: 'the thank-you page with the reference number' },
      otherResponses: [
        { status: 422, contentType: 'text/html', description: 'the form again, with the errors marked' },
        { status: 429, contentType: 'text/html', description: 'the page asking to wait (Retry-After says how long)' },
      ],
      async handler(ctx, { query }) {
        const language = query.lang ?? 'ar';
        const wait = (await limiter.hit(ctx.ip)).retryAfterSeconds;
        if (wait > 0) {
          ctx.set('Retry-After', String(wait));
          return html(ctx, 429, renderTooManyComplaints(language, wait));
        }
        const posted = (ctx.request as { body?: unknown }).body;
        const form: FormBody = posted && typeof posted === 'object' ? (posted as FormBody) : {};
        const choices = await choicesFor(ctx, language, query.hospital, typeof form.hospital === 'string' ? form.hospital : undefined);
        const parsed = complaintFromForm(form, { hospitalCodes: choices.hospitals.map((h) => h.code), departmentIds: choices.departments.map((d) => d.id) }, services.config.relay.phoneCountryCode);
        if (!parsed.submission) return html(ctx, 422, renderComplaintPage(pageModel(language, choices, parsed)));
        const { hospitalCode, ...complaint } = parsed.submission;
        const hospital = choices.hospitals.find((h) => h.code === hospitalCode)!;
        const { referenceNo } = await openComplaint(ctx, services, { ...complaint, hospital, severity: 'medium', sourceChannel: 'web', language });
        html(ctx, 200, renderComplaintReceived(language, choices.name(hospital), referenceNo));
      },
    }),
  ];
}
