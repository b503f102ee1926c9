// The connection (tenant, workspace, user, token) and a small fetch wrapper over the public API.
// The token lives in sessionStorage only (this tab); tenant, workspace and user in localStorage.

const KEYS = { tenant: 'arco.tenant', workspace: 'arco.workspace', user: 'arco.user' };
const TOKEN = 'arco.token';

export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

export const connection = {
  get tenant() { return localStorage.getItem(KEYS.tenant) || 'local'; },
  get workspace() { return localStorage.getItem(KEYS.workspace) || 'default'; },
  get user() { return localStorage.getItem(KEYS.user) || ''; },
  get token() { return sessionStorage.getItem(TOKEN) || ''; },
  save({ tenant, workspace, user, token }) {
    localStorage.setItem(KEYS.tenant, tenant.trim().toLowerCase() || 'local');
    localStorage.setItem(KEYS.workspace, workspace.trim().toLowerCase() || 'default');
    if (user.trim()) localStorage.setItem(KEYS.user, user.trim()); else localStorage.removeItem(KEYS.user);
    if (token.trim()) sessionStorage.setItem(TOKEN, token.trim()); else sessionStorage.removeItem(TOKEN);
  },
};

/** The workspace claim of a JWT, read without checking it (only to pick the workspace path). */
export function tokenWorkspace(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(part + '='.repeat((4 - part.length % 4) % 4)));
    return typeof claims.workspace === 'string' ? claims.workspace.toLowerCase() : '';
  } catch (e) {
    return '';
  }
}

function headers(json) {
  const h = {};
  if (connection.token) {
    h.Authorization = 'Bearer ' + connection.token;
  } else {
    h['X-Tenant-Id'] = connection.tenant;
    h['X-Workspace-Id'] = connection.workspace;
    if (connection.user) h['X-User-Id'] = connection.user;
  }
  if (json) h['Content-Type'] = 'application/json';
  return h;
}

/** The path of a workspace route: `ws('/runs')` is `/api/v1/workspaces/{ws}/runs`. */
export function ws(path) {
  return '/api/v1/workspaces/' + encodeURIComponent(connection.workspace) + path;
}

/** A query string of the defined, non-empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

const listeners = new Set();
/** Called with every ApiError of status 401 (to ask for a token). */
export function onUnauthorized(fn) { listeners.add(fn); }

async function send(method, path, body, accept) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', 'cannot reach the server: ' + e.message, '');
  }
  if (!res.ok) {
    let code = 'HTTP_' + res.status, message = res.statusText || ('HTTP ' + res.status), rid = res.headers.get('x-request-id') || '';
    try {
      const e = await res.json();
      code = e.code || code;
      message = e.message || message;
      rid = e.requestId || rid;
    } catch (ignored) { /* not JSON */ }
    const err = new ApiError(res.status, code, message, rid);
    if (res.status === 401) listeners.forEach((fn) => fn(err));
    throw err;
  }
  return accept === 'text' ? res : res.json();
}

export const api = {
  get: (path, params) => send('GET', path + query(params)),
  post: (path, body) => send('POST', path, body === undefined ? {} : body),
  put: (path, body) => send('PUT', path, body),
  /** A text answer with its headers: `{text, headers}`. */
  async text(path, params) {
    const res = await send('GET', path + query(params), undefined, 'text');
    return { text: await res.text(), headers: res.headers };
  },
};
