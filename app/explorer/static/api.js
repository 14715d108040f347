// Calls to the JSON API of this same server; errors (application/problem+json) in words.

export class ApiError extends Error {
  constructor(status, problem, url) {
    super(describeProblem(status, problem));
    this.status = status;
    this.problem = problem;
    this.url = url;
  }
}

function describeProblem(status, problem) {
  if (!problem) return `The server answered ${status}.`;
  let text = problem.detail || problem.title || `The server answered ${status}.`;
  const suggestions = (problem.errors || []).flatMap((e) => e.suggestions || []);
  if (suggestions.length) text += ` Did you mean: ${suggestions.slice(0, 5).join(", ")}?`;
  return text;
}

const cache = new Map(); // reference data fetched once per page load

export async function getJSON(path, params, { signal, once = false } = {}) {
  const query = params ? params.toString() : "";
  const url = query ? `${path}?${query}` : path;
  if (once && cache.has(url)) return cache.get(url);
  const load = (async () => {
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "application/json" }, signal });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ApiError(0, { detail: "The server cannot be reached." }, url);
    }
    if (!response.ok) {
      let problem = null;
      try { problem = await response.json(); } catch { /* not JSON */ }
      throw new ApiError(response.status, problem, url);
    }
    return response.json();
  })();
  if (once) {
    cache.set(url, load);
    load.catch(() => cache.delete(url));
  }
  return load;
}

// A request that answers with its headers too: { data, response }. Errors as for getJSON,
// with the Retry-After header (seconds) kept on the error for a 429.
export async function request(url, { method = "GET", headers = {}, body } = {}) {
  let response;
  try {
    response = await fetch(url, {
      method, cache: "no-store",
      headers: { Accept: "application/json", ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, { detail: "The server cannot be reached." }, url);
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    const error = new ApiError(response.status, problem, url);
    error.retryAfter = response.headers.get("Retry-After");
    throw error;
  }
  return { data: response.status === 204 ? null : await response.json(), response };
}
