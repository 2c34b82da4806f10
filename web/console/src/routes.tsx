/** Every console route; each screen is its own chunk, loaded when first opened. */
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { Center, Loader } from '@mantine/core';
import { useAuth } from './auth';
import { Layout } from './components/Layout';
import { NotFound } from './components/NotFound';
import { canUse, type Screen, type SubScreen } from './roles';
import { SignInPage } from './pages/SignInPage';

const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => lazy(() => load().then((module) => ({ default: module[name] })));

const MyWorkPage = page(() => import('./pages/MyWorkPage'), 'MyWorkPage');
const ComplaintsPage = page(() => import('./pages/complaints/ComplaintsPage'), 'ComplaintsPage');
const ComplaintPage = page(() => import('./pages/complaints/ComplaintPage'), 'ComplaintPage');
const NewComplaintPage = page(() => import('./pages/complaints/NewComplaintPage'), 'NewComplaintPage');
const ActionsPage = page(() => import('./pages/actions/ActionsPage'), 'ActionsPage');
const ActionPage = page(() => import('./pages/actions/ActionPage'), 'ActionPage');
const SurveysPage = page(() => import('./pages/surveys/SurveysPage'), 'SurveysPage');
const SurveyPage = page(() => import('./pages/surveys/SurveyPage'), 'SurveyPage');
const TemplatesPage = page(() => import('./pages/surveys/TemplatesPage'), 'TemplatesPage');
const TemplatePage = page(() => import('./pages/surveys/TemplatesPage'), 'TemplatePage');
const PatientsPage = page(() => import('./pages/patients/PatientsPage'), 'PatientsPage');
const PatientPage = page(() => import('./pages/patients/PatientPage'), 'PatientPage');
const JourneysPage = page(() => import('./pages/journeys/JourneysPage'), 'JourneysPage');
const IntegrationPage = page(() => import('./pages/integration/IntegrationPage'), 'IntegrationPage');
const AdministrationPage = page(() => import('./pages/admin/AdministrationPage'), 'AdministrationPage');
const AuditPage = page(() => import('./pages/audit/AuditPage'), 'AuditPage');
const AnalyticsPage = page(() => import('./pages/analytics/AnalyticsPage'), 'AnalyticsPage');
const QiProjectsPage = page(() => import('./pages/analytics/QiProjectsPage'), 'QiProjectsPage');
const QiProjectPage = page(() => import('./pages/analytics/QiProjectPage'), 'QiProjectPage');
const PhysicianScorecardPage = page(() => import('./pages/analytics/PhysicianScorecardPage'), 'PhysicianScorecardPage');
const AccountPage = page(() => import('./pages/AccountPage'), 'AccountPage');

const fallback = (
  <Center py="xl">
    <Loader aria-label="…" />
  </Center>
);

/** A screen the signed-in role may use, else the not-found page (the screen's existence is not revealed). */
function Guarded({ screen, component: Component }: { screen?: Screen | SubScreen; component: LazyExoticComponent<ComponentType> }) {
  const { me } = useAuth();
  if (!me) return null;
  if (screen && !canUse(me.level, screen)) return <NotFound />;
  return (
    <Suspense fallback={fallback}>
      <Component />
    </Suspense>
  );
}

function Root() {
  const { status } = useAuth();
  if (status === 'loading') return fallback;
  if (status === 'signedOut') return <SignInPage />;
  return <Layout />;
}

const guarded = (path: string, component: LazyExoticComponent<ComponentType>, screen?: Screen | SubScreen) => ({ path, element: <Guarded screen={screen} component={component} /> });

export const router = createBrowserRouter(
  [
    {
      path: '/',
      element: <Root />,
      children: [
        { index: true, element: <Guarded component={MyWorkPage} /> },
        guarded('analytics', AnalyticsPage, 'analytics'),
        guarded('analytics/qi', QiProjectsPage, 'qiProjects'),
        guarded('analytics/qi/:id', QiProjectPage, 'qiProjects'),
        guarded('analytics/physicians/:id', PhysicianScorecardPage, 'physicianScorecard'),
        guarded('complaints', ComplaintsPage, 'complaints'),
        guarded('complaints/new', NewComplaintPage, 'complaints'),
        guarded('complaints/:id', ComplaintPage, 'complaints'),
        guarded('actions', ActionsPage, 'actions'),
        guarded('actions/:id', ActionPage, 'actions'),
        guarded('surveys', SurveysPage, 'surveys'),
        guarded('surveys/templates', TemplatesPage, 'surveys'),
        guarded('surveys/templates/:id', TemplatePage, 'surveys'),
        guarded('surveys/:id', SurveyPage, 'surveys'),
        guarded('patients', PatientsPage, 'patients'),
        guarded('patients/:id', PatientPage, 'patients'),
        guarded('journeys', JourneysPage, 'journeys'),
        { path: 'integration', element: <Navigate to="messages" replace /> },
        guarded('integration/:tab', IntegrationPage, 'integration'),
        { path: 'admin', element: <Navigate to="hospitals" replace /> },
        guarded('admin/:tab', AdministrationPage, 'administration'),
        guarded('audit', AuditPage, 'audit'),
        guarded('account', AccountPage),
        { path: '*', element: <NotFound /> },
      ],
    },
  ],
  { basename: '/console' },
);
