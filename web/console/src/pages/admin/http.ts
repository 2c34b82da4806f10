/** The console's API helpers, and DELETE, which the administration tabs need. */
import { request } from '../../api';

export { get, patch, post, put, type Page } from '../../api';

export const del = (path: string) => request<void>('DELETE', path);
