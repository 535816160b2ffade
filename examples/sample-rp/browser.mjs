// A browser without script for the CI flows: a cookie jar, no automatic redirects, redirects followed within the
// server, and the few page reads the flows need. `check` prints each step and stops at the first that fails.
export function check(condition, step) {
  if (!condition) {
    throw new Error(`failed: ${step}`);
  }
  console.log(`ok: ${step}`);
}

/** A browser for one server: `browse` keeps cookies, `follow` follows redirects until the server is left. */
export function browser(server) {
  const jar = new Map();
  async function browse(url, init = {}) {
    const headers = { Accept: 'text/html', Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(init.headers ?? {}) };
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }
  async function follow(response) {
    let current = response;
    for (let i = 0; i < 10 && current.status >= 300 && current.status < 400; i++) {
      const next = new URL(current.headers.get('location'), current.url || server);
      if (!next.href.startsWith(server)) {
        return current;
      }
      current = await browse(next.href);
    }
    return current;
  }
  return { browse, follow };
}

export const attribute = (html, name) => (html.match(new RegExp(`${name}="([^"]*)"`)) ?? [])[1];
export const hidden = (html, name) => (html.match(new RegExp(`name="${name}"\\s+value="([^"]*)"`)) ?? [])[1];
