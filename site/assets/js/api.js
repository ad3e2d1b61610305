// The API client: JSON in and out, the bearer token added, errors turned into ApiError.
import { config } from "./config.js";
import { forgetToken, token } from "./auth.js";

export class ApiError extends Error {
  constructor(status, body) {
    const error = body?.error ?? {};
    super(error.message || body?.message || `The server answered ${status}.`);
    this.status = status;
    this.field = error.field ?? null;
    this.details = error.details ?? [];
    this.body = body;
  }
}

// `idempotencyKey`: the same key for retries of one submission, so the server runs it once.
export async function api(path, { method = "GET", body, idempotencyKey } = {}) {
  const { apiBase } = await config();
  const headers = { Accept: "application/json" };
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  const bearer = token();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${apiBase}${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (response.status === 401) {
    forgetToken();
    throw new ApiError(401, { error: { code: "unauthorized", message: "Your session has ended. Please sign in again." } });
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// Download an API answer as a file (CSV exports): fetched with the bearer token, then saved.
export async function download(path, filename) {
  const { apiBase } = await config();
  const response = await fetch(`${apiBase}${path}`, { headers: { Authorization: `Bearer ${token()}` } });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  const link = Object.assign(document.createElement("a"),
    { href: URL.createObjectURL(await response.blob()), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
}
