/* global window, sessionStorage, URLSearchParams */
// Calls the analytics API from the browser; an API key typed by the user lives in sessionStorage only.
const KEY_STORAGE = 'movieAnalytics.apiKey';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) ?? '';
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

async function request(path, params, accept) {
  const headers = { Accept: accept };
  const key = apiKey();
  if (key) headers['x-api-key'] = key;
  let response;
  try {
    response = await fetch(apiUrl(path, params), { headers });
  } catch (error) {
    throw new ApiError(0, `The API did not answer (${error.message}).`);
  }
  if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
  return response;
}

export async function getJson(path, params) {
  return (await request(path, params, 'application/json')).json();
}

export async function getCsv(path, params) {
  return (await request(path, { ...params, format: 'csv' }, 'text/csv')).blob();
}

async function errorMessage(response) {
  const prefix = `The API answered ${response.status}`;
  try {
    const body = await response.json();
    const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    return message ? `${prefix}: ${message}` : `${prefix}.`;
  } catch {
    return `${prefix}.`;
  }
}

export function saveBlob(blob, filename) {
  const url = window.URL.createObjectURL(blob);
  const link = window.document.createElement('a');
  link.href = url;
  link.download = filename;
  window.document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => window.URL.revokeObjectURL(url), 10_000);
}
