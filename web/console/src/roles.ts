/** Role levels as the API defines them, and which console screens each level may use. */
export const LEVEL = {
  PX_ADMIN: 100,
  HOSPITAL_ADMIN: 80,
  DEPARTMENT_MANAGER: 60,
  PX_COORDINATOR: 50,
  PHYSICIAN: 40,
  NURSE: 30,
  STAFF: 20,
  VIEWER: 10,
} as const;

export type Screen = 'analytics' | 'complaints' | 'actions' | 'surveys' | 'journeys' | 'patients' | 'integration' | 'administration' | 'audit';

/** The lowest level that may open each screen (the API's read access for what it shows). */
export const SCREEN_LEVEL: Record<Screen, number> = {
  // GET /api/v1/analytics/kpis is open to viewers and up (a department-bound caller sees their department).
  analytics: LEVEL.VIEWER,
  complaints: LEVEL.STAFF,
  actions: LEVEL.STAFF,
  surveys: LEVEL.STAFF,
  journeys: LEVEL.STAFF,
  patients: LEVEL.STAFF,
  integration: LEVEL.HOSPITAL_ADMIN,
  administration: LEVEL.HOSPITAL_ADMIN,
  audit: LEVEL.HOSPITAL_ADMIN,
};

export const SCREENS = Object.keys(SCREEN_LEVEL) as Screen[];

/** Screens reached from another screen rather than from the navigation, with a lowest level of their own. */
export type SubScreen = 'qiProjects' | 'physicianScorecard';

export const SUB_SCREEN_LEVEL: Record<SubScreen, number> = {
  // GET /api/v1/qi-projects and its chart: viewers and up (a department-bound caller sees their department's).
  qiProjects: LEVEL.VIEWER,
  // GET /api/v1/analytics/physicians: physicians and up (a physician below PX coordinator sees their own rating only).
  physicianScorecard: LEVEL.PHYSICIAN,
};

/** Creating and changing QI projects (POST and PATCH /api/v1/qi-projects). */
export const QI_WRITE_LEVEL = LEVEL.PX_COORDINATOR;

export const canUse = (level: number, screen: Screen | SubScreen) => level >= (screen in SCREEN_LEVEL ? SCREEN_LEVEL[screen as Screen] : SUB_SCREEN_LEVEL[screen as SubScreen]);
