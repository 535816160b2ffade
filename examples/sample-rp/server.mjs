// A sample service that signs people in with Tsunagu. Start the server first (./tsunagu run), then:
//   cd examples/sample-rp && npm install && node server.mjs --server http://localhost:8080 --operator-token ../../var/operator-token
// and open http://127.0.0.1:3000. It registers itself on first start (.state.json keeps its key).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { registered, configuration, client } from './rp.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) =>
  (value.startsWith('--') ? [...pairs, [value.slice(2), all[i + 1]]] : pairs), []));
const server = (args.server ?? 'http://localhost:8080').replace(/\/$/, '');
const port = Number(args.port ?? 3000);
const base = `http://127.0.0.1:${port}`;
const operatorToken = (await readFile(args['operator-token'] ?? '../../var/operator-token', 'utf8')).trim();
const { clientId, key } = await registered({
  server, operatorToken, redirectUri: `${base}/callback`, postLogoutRedirectUri: `${base}/`, stateFile: '.state.json',
  acceptsProxies: true, // a parent or guardian may sign in here for the person they represent
});
const config = await configuration(server, clientId, key);
const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
const pending = new Map();
const sessions = new Map();

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sample service</title></head>
<body style="font-family: system-ui, 'Hiragino Sans', 'Noto Sans CJK JP', sans-serif; max-width: 46em; margin: 2em auto">
<h1>Sample service</h1>${body}</body></html>`;
const cookie = (request, name) => (request.headers.cookie ?? '').split(/;\s*/).map((c) => c.split('=')).find(([k]) => k === name)?.[1];

createServer(async (request, response) => {
  const url = new URL(request.url, base);
  try {
    if (url.pathname === '/login') {
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      pending.set(state, { verifier, nonce });
      const target = await client.buildAuthorizationUrlWithPAR(config, {
        redirect_uri: `${base}/callback`, scope: 'openid profile birthdate address age_over_18 core_identity',
        code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
        state, nonce, acr_values: 'urn:tsunagu:loa:high',
      }, { DPoP });
      response.writeHead(302, { Location: target.href }).end();
    } else if (url.pathname === '/callback') {
      const expected = pending.get(url.searchParams.get('state'));
      if (!expected) {
        response.writeHead(400).end(page('<p>Unknown or finished sign-in. <a href="/">Start again</a>.</p>'));
        return;
      }
      pending.delete(url.searchParams.get('state'));
      const tokens = await client.authorizationCodeGrant(config, url,
        { pkceCodeVerifier: expected.verifier, expectedState: url.searchParams.get('state'), expectedNonce: expected.nonce },
        undefined, { DPoP });
      const claims = tokens.claims();
      const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub, { DPoP });
      const id = randomBytes(16).toString('hex');
      sessions.set(id, { claims, userinfo, idToken: tokens.id_token });
      response.writeHead(302, { Location: '/', 'Set-Cookie': `sample=${id}; HttpOnly; SameSite=Lax; Path=/` }).end();
    } else if (url.pathname === '/logout') {
      const session = sessions.get(cookie(request, 'sample'));
      sessions.delete(cookie(request, 'sample'));
      const target = session ? client.buildEndSessionUrl(config, { id_token_hint: session.idToken, post_logout_redirect_uri: `${base}/` }) : '/';
      response.writeHead(302, { Location: String(target), 'Set-Cookie': 'sample=; Max-Age=0; Path=/' }).end();
    } else {
      const session = sessions.get(cookie(request, 'sample'));
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page(session
        ? `<p>Signed in. This service knows you as <code id="sub">${escape(session.claims.sub)}</code>
           (a pseudonym only this service has) at level <code id="acr">${escape(session.claims.acr)}</code>.</p>
           ${session.claims.act ? `<p id="act">Signed in by a proxy: <code>${escape(session.claims.act.delegation_kind)}</code>,
           known here as <code>${escape(session.claims.act.sub)}</code>.</p>` : ''}
           <h2>Claims you shared</h2><pre id="claims">${escape(JSON.stringify(session.userinfo, null, 2))}</pre>
           <p><a href="/logout">Sign out</a></p>`
        : '<p><a id="login" href="/login">Sign in with Tsunagu</a> (card, level high)</p>'));
    }
  } catch (error) {
    response.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8' }).end(page(`<p>Sign-in failed: ${escape(error.message)}</p>`));
  }
}).listen(port, '127.0.0.1', () => console.log(`Sample service for ${server} at ${base}`));
