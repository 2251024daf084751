// The API client: same-origin fetch with the HttpOnly session cookie, problem+json errors, paging.

export const API = "/api/v1";

/** An API answer that was not 2xx; carries the status and the RFC 9457 problem body. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

function urlFor(path, query) {
  const url = new URL(API + path, window.location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === null || value === undefined || value === "") continue;
    for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(key, one);
  }
  return url;
}

/**
 * Call the API; a 401 sends the user back to the login page, unless ``signing``: there a 401
 * means the re-entered signature password was wrong (21 CFR 11.200), not that the session ended.
 */
export async function api(path, { method = "GET", body, query, signing = false } = {}) {
  const response = await fetch(urlFor(path, query), {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && path !== "/auth/login" && !signing) {
    window.dispatchEvent(new CustomEvent("coldtrace:unauthorized"));
  }
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      problem = { title: response.statusText };
    }
    throw new ApiError(response.status, problem);
  }
  return response.status === 204 ? null : response.json();
}

/** Every item of a paged list (follows next_cursor), up to ``max`` items. */
export async function apiAll(path, query = {}, max = 5000) {
  const items = [];
  let cursor = null;
  do {
    const page = await api(path, { query: { ...query, cursor, limit: query.limit ?? 500 } });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}
