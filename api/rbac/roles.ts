export { ROLE_LEVEL, BUILT_IN_ROLES, type BuiltInRole } from '../../models/roles';
