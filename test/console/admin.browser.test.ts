/**
 * The console's Administration screen in Chromium against the real API, in Arabic (right-to-left)
 * and English: a hospital admin creates a department and moves it in the tree, renames the
 * hospital and adds a holiday, sets the hospital's own SLA policy (durations in words as they are
 * typed, the API's refusal on the field) and changes a user's role; a PX admin edits a group
 * default; a role that may not edit sees no edit buttons. axe-core on every tab in both languages,
 * screenshots in test-artifacts/screenshots/console/.
 */
import type { Locator, Page } from 'playwright-core';
import { Department, Hospital, SlaPolicy, User } from '../../models/entities';
import { ar } from '../../web/console/src/locales/ar';
import { en } from '../../web/console/src/locales/en';
import { ADMIN_EMAIL, ADMIN_PASSWORD, USER_PASSWORD, type TestApi } from '../support/testApi';
import { checkScreen, LANGUAGES, signIn, startConsoleKit, visit, type ConsoleKit, type Language } from './consoleKit';

jest.setTimeout(180_000);

let kit: ConsoleKit;
let api: TestApi;
let demo: Hospital;
let ed: Department;
const people: Record<'hospitalAdmin' | 'manager', { email: string; id: string }> = {} as never;

const strings = (language: Language) => (language === 'ar' ? ar : en);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A field by its label (Mantine adds " *" to required ones). */
const field = (scope: Page | Locator, label: string) => scope.getByLabel(new RegExp(`^${escape(label)}`));

async function pageAs(who: keyof typeof people | 'pxAdmin', language: Language): Promise<Page> {
  const page = await (await kit.context()).newPage();
  if (who === 'pxAdmin') await signIn(page, kit.base, ADMIN_EMAIL, ADMIN_PASSWORD, language);
  else await signIn(page, kit.base, people[who].email, USER_PASSWORD, language);
  return page;
}

async function choose(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Closes an open dropdown and then its dialog. */
async function cancelDialog(page: Page, form: Locator, language: Language): Promise<void> {
  await page.keyboard.press('Escape');
  if (await form.isVisible()) await form.getByRole('button', { name: strings(language).adminEdit.cancel, exact: true }).click();
  await form.waitFor({ state: 'detached' });
}

/** A role's name as the API stores it (what the role pickers show). */
const roleNames: Record<string, { ar: string; en: string }> = {};

beforeAll(async () => {
  kit = await startConsoleKit();
  api = kit.hub.api;
  const em = api.em();
  demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
  ed = await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'ED' });
  const admin = await api.createUser('HOSPITAL_ADMIN');
  const manager = await api.createUser('DEPARTMENT_MANAGER', { departmentId: ed.id });
  people.hospitalAdmin = { email: admin.email, id: admin.id };
  people.manager = { email: manager.email, id: manager.id };
  for (const r of (await api.request('GET', '/api/v1/roles', { token: await api.adminToken() })).body.items) roleNames[r.code] = { ar: r.nameAr, en: r.nameEn };
});

afterEach(async () => {
  await kit?.closeContexts();
});

afterAll(async () => {
  await kit?.close();
});

describe('administration: configuring a hospital', () => {
  it('every tab passes axe in Arabic and English, mirrored in Arabic, with its edit buttons for a hospital admin', async () => {
    const page = await pageAs('hospitalAdmin', 'en');
    for (const language of LANGUAGES) {
      const s = strings(language);
      for (const [tab, marker] of [['hospitals', 'hospitals-table'], ['departments', 'departments-table'], ['physicians', 'physicians-table'], ['employees', 'employees-table'], ['users', 'users-table'], ['roles', 'roles-table'], ['sla-policies', 'sla-table']]) {
        await visit(page, kit.base, `/admin/${tab}`, language, tab === 'employees' ? `[data-testid=${marker}]` : `[data-testid=${marker}] tbody tr`);
        await expect(page.locator('html').getAttribute('dir')).resolves.toBe(language === 'ar' ? 'rtl' : 'ltr');
        await checkScreen(page, `admin-edit-${tab}`, language);
      }
      // A dialog is checked too: the SLA form with its live words.
      await visit(page, kit.base, '/admin/sla-policies', language, '[data-testid=sla-table] tbody tr');
      await page.locator('[data-testid=sla-table] tr[data-scope=group]').first().getByRole('button', { name: s.adminEdit.sla.overrideShort }).click();
      await page.getByTestId('sla-form').waitFor();
      await checkScreen(page, 'admin-edit-sla-dialog', language);
      await cancelDialog(page, page.getByTestId('sla-form'), language);
    }
  });

  it('creates a department and moves it under another in the tree, in both languages', async () => {
    const page = await pageAs('hospitalAdmin', 'en');
    for (const language of LANGUAGES) {
      const s = strings(language);
      const code = `PR${language.toUpperCase()}${Date.now() % 10000}`;
      const nameEn = `Patient Relations ${language}`;
      const nameAr = `علاقات المرضى ${language}`;
      await visit(page, kit.base, '/admin/departments', language, '[data-testid=departments-table] tbody tr');
      await page.getByRole('button', { name: s.adminEdit.departments.create, exact: true }).click();
      const form = page.getByTestId('department-form');
      await field(form, s.admin.fields.code).fill(code);
      await field(form, s.adminEdit.nameAr).fill(nameAr);
      await field(form, s.adminEdit.nameEn).fill(nameEn);
      await form.getByRole('button', { name: s.adminEdit.save }).click();
      const row = page.locator(`[data-testid=departments-table] tr[data-code=${code}]`);
      await row.waitFor();
      await expect(row.getAttribute('data-depth')).resolves.toBe('0');
      await row.getByRole('button', { name: s.adminEdit.edit, exact: true }).click();
      await choose(page, field(form, s.adminEdit.departments.parent), new RegExp(escape(language === 'ar' ? 'قسم الطوارئ' : 'Emergency Department')));
      await form.getByRole('button', { name: s.adminEdit.save }).click();
      await form.waitFor({ state: 'detached' });
      // Under the emergency department (itself under medicine): one level deeper, right after its parent's rows.
      await page.locator(`[data-testid=departments-table] tr[data-code=${code}][data-depth="2"]`).waitFor();
      const codes = await page.locator('[data-testid=departments-table] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
      expect(codes.indexOf(code)).toBeGreaterThan(codes.indexOf('ED'));
      const stored = await api.em().findOneOrFail(Department, { hospitalId: demo.id, code });
      expect({ parentId: stored.parentId, nameAr: stored.nameAr }).toEqual({ parentId: ed.id, nameAr });
      await page.waitForLoadState('networkidle');
      await checkScreen(page, 'admin-edit-department-moved', language);

      // ED may not move under its own new unit (it would be its own ancestor): the unit is not offered as its parent.
      await page.locator('[data-testid=departments-table] tr[data-code=ED]').getByRole('button', { name: s.adminEdit.edit, exact: true }).click();
      await field(form, s.adminEdit.departments.parent).click();
      await page.getByRole('option').first().waitFor();
      const options = await page.getByRole('option').allInnerTexts();
      expect(options.length).toBeGreaterThan(0);
      expect(options.some((o) => o.includes(nameEn) || o.includes(nameAr))).toBe(false);
      await cancelDialog(page, form, language);
    }
  });

  it('renames the hospital and adds and removes a holiday, in both languages', async () => {
    const page = await pageAs('hospitalAdmin', 'en');
    for (const language of LANGUAGES) {
      const s = strings(language);
      await visit(page, kit.base, '/admin/hospitals', language, '[data-testid=hospitals-table] tbody tr');
      await page.getByTestId('rename-hospital').click();
      const form = page.getByTestId('hospital-form');
      const newName = language === 'ar' ? 'مستشفى بي إكس 360 العام - الشمال' : 'PX360 Demo General Hospital North';
      await field(form, language === 'ar' ? s.adminEdit.nameAr : s.adminEdit.nameEn).fill(newName);
      await form.getByRole('button', { name: s.adminEdit.save }).click();
      await page.getByTestId('hospitals-table').getByRole('button', { name: newName }).click();
      const stored = await api.em().findOneOrFail(Hospital, { id: demo.id });
      expect(language === 'ar' ? stored.nameAr : stored.nameEn).toBe(newName);

      const calendar = page.getByTestId('hospital-calendar');
      const date = language === 'ar' ? '2027-09-23' : '2027-02-22';
      const holiday = language === 'ar' ? { ar: 'اليوم الوطني', en: 'National Day' } : { ar: 'يوم التأسيس', en: 'Founding Day' };
      await field(calendar, s.admin.calendar.date).fill(date);
      await field(calendar, s.admin.calendar.nameAr).fill(holiday.ar);
      await field(calendar, s.admin.calendar.nameEn).fill(holiday.en);
      await calendar.getByRole('button', { name: s.admin.calendar.add }).click();
      const shown = language === 'ar' ? holiday.ar : holiday.en;
      await page.getByTestId('holidays').getByText(shown).waitFor();
      // The same date twice: the API's 409 is shown in the reader's language.
      await field(calendar, s.admin.calendar.date).fill(date);
      await field(calendar, s.admin.calendar.nameAr).fill(holiday.ar);
      await field(calendar, s.admin.calendar.nameEn).fill(holiday.en);
      await calendar.getByRole('button', { name: s.admin.calendar.add }).click();
      await calendar.getByTestId('admin-error').getByText(s.adminEdit.codes.conflict).waitFor();
      await calendar.getByTestId('admin-error').getByText(s.adminEdit.problems.holidayExists).waitFor();
      await page.waitForLoadState('networkidle');
      await checkScreen(page, 'admin-edit-hospital', language);
    }
    // Removing one holiday (the page is in English now, the last language) leaves the other.
    await page.getByRole('button', { name: en.adminEdit.calendar.remove.replace('{{name}}', 'Founding Day') }).click();
    await page.getByTestId('holidays').getByText('Founding Day').waitFor({ state: 'detached' });
    await expect(page.getByTestId('holidays').innerText()).resolves.toContain('National Day');
  });

  it('saves the working week and survey timing, and shows the API refusing hours that end before they start', async () => {
    const page = await pageAs('hospitalAdmin', 'ar');
    const s = strings('ar');
    await visit(page, kit.base, '/admin/hospitals', 'ar', '[data-testid=hospitals-table] tbody tr');
    await page.getByTestId('hospitals-table').getByRole('button').first().click();
    const calendarForm = page.getByTestId('calendar-form');
    await field(calendarForm, s.adminEdit.calendar.start).fill('16:00');
    await field(calendarForm, s.adminEdit.calendar.end).fill('08:00');
    await calendarForm.getByRole('button', { name: s.adminEdit.calendar.saveHours }).click();
    await calendarForm.getByText(s.adminEdit.problems.afterStart).waitFor();
    await field(calendarForm, s.adminEdit.calendar.start).fill('07:30');
    await field(calendarForm, s.adminEdit.calendar.end).fill('15:30');
    await calendarForm.getByRole('button', { name: s.adminEdit.calendar.saveHours }).click();
    await page.getByTestId('hospital-calendar').getByText('07:30–15:30').waitFor();

    const settings = page.getByTestId('survey-settings-form');
    await field(settings, s.admin.settings.sendDelay).fill('three hours');
    await settings.getByRole('button', { name: s.adminEdit.survey.save }).click();
    await settings.getByText(s.adminEdit.problems.surveyDuration).waitFor();
    await field(settings, s.admin.settings.sendDelay).fill('3h');
    await settings.getByRole('button', { name: s.adminEdit.survey.save }).click();
    await page.getByTestId('survey-settings').locator('table').getByText('3h', { exact: true }).waitFor();
    const stored = await api.em().findOneOrFail(Hospital, { id: demo.id });
    expect({ start: stored.workdayStart, end: stored.workdayEnd, sendDelay: stored.surveySettings?.sendDelay }).toEqual({ start: '07:30', end: '15:30', sendDelay: '3h' });
  });

  it("sets the hospital's own SLA policy with durations in words as they are typed, and the API's refusal on the field", async () => {
    const page = await pageAs('hospitalAdmin', 'en');
    for (const language of LANGUAGES) {
      const s = strings(language);
      const severity = language === 'ar' ? 'medium' : 'high';
      await visit(page, kit.base, '/admin/sla-policies', language, '[data-testid=sla-table] tbody tr');
      await page.locator(`[data-testid=sla-table] tr[data-entity=complaint][data-severity=${severity}][data-scope=group]`).getByRole('button', { name: s.adminEdit.sla.overrideShort }).click();
      const form = page.getByTestId('sla-form');
      const ack = field(form, s.admin.sla.acknowledge);
      await ack.fill('PT3H');
      await form.getByRole('radio', { name: s.adminEdit.sla.clocks.business }).check({ force: true });
      const words = () => form.getByTestId('ack-words').innerText();
      if (language === 'en') await expect(words()).resolves.toBe('3 working hours');
      else await expect(words()).resolves.toMatch(/ساعات عمل$/);
      await form.getByText(s.adminEdit.sla.clocks.continuous).click();
      if (language === 'en') await expect(words()).resolves.toBe('3 hours');
      else await expect(words()).resolves.toMatch(/ساعات$/);
      await ack.fill('3 hours');
      await expect(form.getByTestId('ack-words').innerText()).resolves.toBe(s.adminEdit.sla.notDuration);
      // Acknowledge after the resolution: the API refuses, and says so on the acknowledge field.
      await ack.fill('P9D');
      await field(form, s.admin.sla.resolve).fill('P2D');
      await form.getByRole('button', { name: s.adminEdit.save }).click();
      await form.getByText(s.adminEdit.problems.shorterThanResolve).waitFor();
      await expect(ack.getAttribute('aria-invalid')).resolves.toBe('true');
      await ack.fill('PT2H');
      await form.getByRole('button', { name: s.adminEdit.save }).click();
      await form.waitFor({ state: 'detached' });
      const own = page.locator(`[data-testid=sla-table] tr[data-entity=complaint][data-severity=${severity}][data-scope=hospital]`);
      await expect(own.innerText()).resolves.toMatch(language === 'ar' ? /ساع[\s\S]*يوم/ : /2 hours[\s\S]*2 days/);
      const stored = await api.em().findOneOrFail(SlaPolicy, { hospitalId: demo.id, entity: 'complaint', severity });
      expect({ ack: stored.acknowledgeWithin, resolve: stored.resolveWithin, clock: stored.clock }).toEqual({ ack: 'PT2H', resolve: 'P2D', clock: 'continuous' });
      // A hospital admin changes the hospital's own policy, never the group default.
      await expect(page.locator('[data-testid=sla-table] tr[data-scope=group]').getByRole('button', { name: s.adminEdit.edit, exact: true }).count()).resolves.toBe(0);
      await checkScreen(page, 'admin-edit-sla', language);
    }
  });

  it('a PX admin edits a group default SLA policy in Arabic and sees it in words', async () => {
    const page = await pageAs('pxAdmin', 'ar');
    const s = strings('ar');
    await visit(page, kit.base, '/admin/sla-policies', 'ar', '[data-testid=sla-table] tbody tr');
    await page.locator('[data-testid=sla-table] tr[data-entity=action][data-severity=low][data-scope=group]').getByRole('button', { name: s.adminEdit.edit, exact: true }).click();
    const form = page.getByTestId('sla-form');
    await form.getByRole('radio', { name: s.adminEdit.sla.clocks.business }).check({ force: true });
    await field(form, s.admin.sla.resolve).fill('P1W');
    await expect(form.getByTestId('resolve-words').innerText()).resolves.toMatch(/أسبوع.* عمل$/);
    await form.getByRole('button', { name: s.adminEdit.save }).click();
    await form.waitFor({ state: 'detached' });
    await expect(page.locator('[data-testid=sla-table] tr[data-entity=action][data-severity=low][data-scope=group]').innerText()).resolves.toMatch(/أسبوع.* عمل/);
    const stored = await api.em().findOneOrFail(SlaPolicy, { hospitalId: null, entity: 'action', severity: 'low' });
    expect(stored.resolveWithin).toBe('P1W');
  });

  it("changes a user's role and department, in both languages", async () => {
    const page = await pageAs('hospitalAdmin', 'en');
    for (const language of LANGUAGES) {
      const s = strings(language);
      const nurse = await api.createUser('NURSE');
      await visit(page, kit.base, '/admin/users', language, `[data-testid=users-table] tr[data-email="${nurse.email}"]`);
      const row = page.locator(`[data-testid=users-table] tr[data-email="${nurse.email}"]`);
      await row.getByRole('button', { name: s.adminEdit.edit, exact: true }).click();
      const form = page.getByTestId('user-form');
      await choose(page, form.getByRole('combobox', { name: s.admin.fields.role }), roleNames.DEPARTMENT_MANAGER[language]);
      await choose(page, form.getByRole('combobox', { name: s.admin.fields.department }), language === 'ar' ? 'قسم الطوارئ' : 'Emergency Department');
      await form.getByRole('button', { name: s.adminEdit.save }).click();
      await form.waitFor({ state: 'detached' });
      await row.getByTestId('user-role').getByText(s.roles.DEPARTMENT_MANAGER, { exact: true }).waitFor();
      await row.getByTestId('user-scope').getByText(language === 'ar' ? 'قسم الطوارئ' : 'Emergency Department', { exact: false }).waitFor();
      const stored = await api.em().findOneOrFail(User, { id: nurse.id });
      expect(stored.departmentId).toBe(ed.id);
      const reply = await api.request('GET', `/api/v1/users/${nurse.id}`, { token: await api.adminToken() });
      expect(reply.body.role).toBe('DEPARTMENT_MANAGER');
      // A hospital admin cannot hand out their own level: it is not offered.
      await row.getByRole('button', { name: s.adminEdit.edit, exact: true }).click();
      await form.getByRole('combobox', { name: s.admin.fields.role }).click();
      await page.getByRole('option').first().waitFor();
      await expect(page.getByRole('option', { name: roleNames.NURSE[language], exact: true }).count()).resolves.toBe(1);
      await expect(page.getByRole('option', { name: roleNames.HOSPITAL_ADMIN[language], exact: true }).count()).resolves.toBe(0);
      await cancelDialog(page, form, language);
    }
  });

  it('creates and edits a physician (English), linking their account, and an employee (Arabic)', async () => {
    const doctor = await api.createUser('PHYSICIAN', { hospitalId: demo.id });
    const page = await pageAs('hospitalAdmin', 'en');
    await visit(page, kit.base, '/admin/physicians', 'en', '[data-testid=physicians-table] tbody tr');
    await page.getByRole('button', { name: en.adminEdit.physicians.create, exact: true }).click();
    const physician = page.getByTestId('physician-form');
    const license = `SCFHS-${Date.now() % 100000}`;
    await field(physician, en.admin.fields.license).fill(license);
    await field(physician, en.adminEdit.fullNameEn).fill('Dr. Lama Al-Dosari');
    await field(physician, en.adminEdit.fullNameAr).fill('د. لمى الدوسري');
    await field(physician, en.admin.fields.specialty).fill('Cardiology');
    await physician.getByRole('button', { name: en.adminEdit.save }).click();
    const row = page.getByTestId('physicians-table').locator('tr', { hasText: license });
    await row.getByText('Cardiology').waitFor();
    await row.getByRole('button', { name: en.adminEdit.edit, exact: true }).click();
    await field(physician, en.admin.fields.specialty).fill('Interventional Cardiology');
    await choose(page, physician.getByRole('combobox', { name: en.admin.fields.department }), 'Emergency Department');
    await choose(page, physician.getByRole('combobox', { name: en.adminEdit.physicians.account }), new RegExp(doctor.email.replace(/[.+]/g, '\\$&')));
    await physician.getByRole('button', { name: en.adminEdit.save }).click();
    await row.getByText('Interventional Cardiology').waitFor();
    await row.getByText('Emergency Department').waitFor();
    // The account is linked, through which the physician reads their own rating.
    const stored = await api.request('GET', `/api/v1/physicians?hospitalId=${demo.id}&licenseNo=${license}`, { token: await api.adminToken() });
    expect(stored.body.items[0].userId).toBe(doctor.id);

    await visit(page, kit.base, '/admin/employees', 'ar', '[data-testid=employees-table]');
    await page.getByRole('button', { name: ar.adminEdit.employees.create, exact: true }).click();
    const employee = page.getByTestId('employee-form');
    const number = `E${Date.now() % 100000}`;
    await field(employee, ar.admin.fields.employeeNo).fill(number);
    await field(employee, ar.adminEdit.fullNameEn).fill('Maha Al-Shammari');
    await field(employee, ar.adminEdit.fullNameAr).fill('مها الشمري');
    await field(employee, ar.admin.fields.jobTitle).fill('منسقة تجربة المريض');
    await employee.getByRole('button', { name: ar.adminEdit.save }).click();
    const employeeRow = page.getByTestId('employees-table').locator('tr', { hasText: number });
    await employeeRow.getByText('مها الشمري').waitFor();
    await employeeRow.getByRole('button', { name: ar.adminEdit.edit, exact: true }).click();
    await field(employee, ar.admin.fields.jobTitle).fill('رئيسة منسقي تجربة المريض');
    await employee.getByRole('button', { name: ar.adminEdit.save }).click();
    await employeeRow.getByText('رئيسة منسقي تجربة المريض').waitFor();
    // The same staff number twice: the API's refusal, its heading in Arabic.
    await page.getByRole('button', { name: ar.adminEdit.employees.create, exact: true }).click();
    await field(employee, ar.admin.fields.employeeNo).fill(number);
    await field(employee, ar.adminEdit.fullNameEn).fill('Someone Else');
    await employee.getByRole('button', { name: ar.adminEdit.save }).click();
    await employee.getByTestId('admin-error').getByText(ar.adminEdit.problems.duplicate).waitFor();
    await cancelDialog(page, employee, 'ar');
  });

  it('a PX admin creates a hospital and a custom role', async () => {
    const page = await pageAs('pxAdmin', 'en');
    await visit(page, kit.base, '/admin/hospitals', 'en', '[data-testid=hospitals-table] tbody tr');
    await page.getByRole('button', { name: en.adminEdit.hospitals.create, exact: true }).click();
    const hospital = page.getByTestId('hospital-form');
    const code = `NORTH${Date.now() % 10000}`;
    await field(hospital, en.admin.fields.code).fill(code.toLowerCase());
    await field(hospital, en.adminEdit.nameAr).fill('مستشفى الشمال');
    await field(hospital, en.adminEdit.nameEn).fill('North Hospital');
    await hospital.getByRole('button', { name: en.adminEdit.save }).click();
    await page.getByTestId('hospitals-table').getByText(code, { exact: true }).waitFor();
    expect((await api.em().findOneOrFail(Hospital, { code })).nameAr).toBe('مستشفى الشمال');

    await visit(page, kit.base, '/admin/roles', 'ar', '[data-testid=roles-table] tbody tr');
    await page.getByRole('button', { name: ar.adminEdit.roles.create, exact: true }).click();
    const role = page.getByTestId('role-form');
    await field(role, ar.admin.fields.code).fill('QUALITY_LEAD');
    await field(role, ar.admin.fields.level).fill('55');
    await field(role, ar.adminEdit.nameAr).fill('قائد الجودة');
    await field(role, ar.adminEdit.nameEn).fill('Quality lead');
    await role.getByRole('button', { name: ar.adminEdit.save }).click();
    await page.getByTestId('roles-table').getByText('قائد الجودة').waitFor();
  });

  it('shows no edit buttons to roles that may not edit', async () => {
    // A department manager has no administration screen at all.
    const manager = await pageAs('manager', 'en');
    for (const language of LANGUAGES) {
      const s = strings(language);
      await visit(manager, kit.base, '/admin/departments', language, 'main');
      await manager.getByRole('heading', { name: s.notFound.title }).waitFor();
      await expect(manager.getByRole('button', { name: s.adminEdit.edit, exact: true }).count()).resolves.toBe(0);
      await expect(manager.getByRole('button', { name: s.adminEdit.departments.create }).count()).resolves.toBe(0);
      await expect(manager.getByTestId('departments-table').count()).resolves.toBe(0);
    }
    // A hospital admin does not edit roles (PX admins only) nor create hospitals.
    const admin = await pageAs('hospitalAdmin', 'en');
    for (const language of LANGUAGES) {
      const s = strings(language);
      await visit(admin, kit.base, '/admin/roles', language, '[data-testid=roles-table] tbody tr');
      await expect(admin.getByTestId('roles-table').getByRole('button').count()).resolves.toBe(0);
      await expect(admin.getByRole('button', { name: s.adminEdit.roles.create }).count()).resolves.toBe(0);
      await visit(admin, kit.base, '/admin/hospitals', language, '[data-testid=hospitals-table] tbody tr');
      await expect(admin.getByRole('button', { name: s.adminEdit.hospitals.create }).count()).resolves.toBe(0);
    }
    // The PX admin does: the buttons are there for the role the API allows.
    const px = await pageAs('pxAdmin', 'en');
    await visit(px, kit.base, '/admin/roles', 'en', '[data-testid=roles-table] tbody tr');
    await expect(px.getByTestId('roles-table').getByRole('button', { name: en.adminEdit.edit, exact: true }).count()).resolves.toBeGreaterThan(0);
    await expect(px.getByRole('button', { name: en.adminEdit.roles.create }).count()).resolves.toBe(1);
  });
});
