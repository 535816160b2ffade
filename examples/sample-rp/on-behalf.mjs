// Signing in for someone else with openid-client, as CI runs it against a live server with its demo data: the demo
// card holder signs in to a service that accepts proxies, chooses her daughter (legal representative) and then her
// father (guardian); the service's ID tokens name the represented person with `act` naming her; an operator ends
// the daughter's delegation on a court's order, and the tokens made under it stop working at once.
// Exits 0 when every step held, 1 with the failed step otherwise.
//
//   node on-behalf.mjs --server http://localhost:8080 --operator-token ../../var/operator-token --card-dir ../../var/demo-card
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { registered, configuration, client } from './rp.mjs';
import { browser, check, hidden } from './browser.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) =>
  (value.startsWith('--') ? [...pairs, [value.slice(2), all[i + 1]]] : pairs), []));
const server = (args.server ?? 'http://localhost:8080').replace(/\/$/, '');
const repo = resolve(new URL('.', import.meta.url).pathname, '../..');
const redirectUri = 'http://127.0.0.1:53683/callback';

const { browse, follow } = browser(server);
const post = (path, form) => browse(new URL(path, server).href, {
  method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form),
});
const operatorToken = (await readFile(args['operator-token'], 'utf8')).trim();
const operator = (path, body) => fetch(new URL(path, server), {
  method: body === undefined ? 'GET' : 'POST',
  headers: { Authorization: `Bearer ${operatorToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
  body: body === undefined ? undefined : JSON.stringify(body),
});

// the demo data records the demo family's delegations once the import has loaded them
const holder = JSON.parse(await readFile(join(args['card-dir'], 'card.json'), 'utf8')).residentId;
let mine;
for (let i = 0; i < 60; i++) {
  mine = await (await operator(`/api/v1/residents/${holder}/delegations`)).json();
  if (mine.byMe?.length >= 2) break;
  await new Promise((done) => setTimeout(done, 1000));
}
check(mine.byMe.length >= 2, 'demo data: the demo card holder represents her daughter and her father');

const { clientId, key } = await registered({
  server, operatorToken, redirectUri, postLogoutRedirectUri: 'http://127.0.0.1:53683/',
  stateFile: join(tmpdir(), `tsunagu-on-behalf-${process.pid}.json`), name: { en: 'Proxy-friendly service', ja: '代理対応サービス' },
  scopes: ['openid', 'profile', 'birthdate'], acceptsProxies: true,
});
const config = await configuration(server, clientId, key);
const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));

/** One sign-in for the person whose name the choice page lists; answers the tokens and the delegation chosen. */
async function signInFor(name, expectedKind) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = await client.buildAuthorizationUrlWithPAR(config, {
    redirect_uri: redirectUri, scope: 'openid profile birthdate', code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256', state, nonce, acr_values: 'urn:tsunagu:loa:high',
  }, { DPoP });
  let page = await follow(await browse(url.href));
  let html = await page.text();
  const code = (html.match(/data-pairing-code="([^"]*)"/) ?? [])[1];
  if (code) {
    const wallet = spawnSync(join(repo, 'tsunagu'), ['wallet', 'approve', '--card-dir', args['card-dir'], '--server', server,
      '--code', code], { input: '1234\n', encoding: 'utf8' });
    check(wallet.status === 0 && wallet.stdout.includes('Approved'), `wallet approves the sign-in (${wallet.stdout.trim()} ${wallet.stderr.trim()})`);
    page = await follow(await post('/signin/continue', { _csrf: hidden(html, '_csrf') }));
    html = await page.text();
  }
  check(page.status === 200 && html.includes('name="for"'), 'the service accepts proxies: the sign-in asks whom it is for');
  const options = [...html.matchAll(/value="([0-9a-f-]{36})">\s*<label[^>]*>\s*<span lang="ja">([^<]+)<\/span>/g)];
  const option = options.find(([, , label]) => label.includes(name));
  check(option !== undefined, `the choice lists ${name}`);
  const consent = await follow(await post('/signin/for', {
    _csrf: hidden(html, '_csrf'), client_id: clientId, request_uri: hidden(html, 'request_uri'), for: option[1],
  }));
  const consentPage = await consent.text();
  check(consent.status === 200 && consentPage.includes('govuk-inset-text'), `consent page says whom the proxy acts for (${name})`);
  const form = new URLSearchParams({ client_id: hidden(consentPage, 'client_id'), state: hidden(consentPage, 'state') });
  for (const scope of ['openid', 'profile', 'birthdate']) {
    form.append('scope', scope);
  }
  const back = await browse(new URL('/oauth2/authorize', server).href, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form,
  });
  const callback = new URL(back.headers.get('location'));
  const tokens = await client.authorizationCodeGrant(config, callback,
    { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true }, undefined, { DPoP });
  const claims = tokens.claims();
  check(claims.act?.delegation_kind === expectedKind && /^[A-Za-z0-9_-]{43}$/.test(claims.act.sub) && claims.act.sub !== claims.sub,
    `ID token: the represented person's subject, act names the proxy (${expectedKind})`);
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub, { DPoP });
  check(userinfo.name?.includes(name), `userinfo: ${name}'s claims`);
  return { tokens, claims, delegation: option[1] };
}

const child = await signInFor('陽向', 'legal-representative');
const father = await signInFor('和夫', 'guardian');
check(child.claims.act.sub === father.claims.act.sub && child.claims.sub !== father.claims.sub,
  'the same proxy, two represented people: one act subject, two subjects');

const ended = await operator(`/api/v1/delegations/${child.delegation}/end`, { reason: 'court-order' });
check(ended.status === 204, 'an operator ends the daughter\'s delegation on a court\'s order');
let refused = false;
try {
  await client.fetchUserInfo(config, child.tokens.access_token, child.claims.sub, { DPoP });
} catch {
  refused = true;
}
check(refused, 'the access token made under it stops working at once');
refused = false;
try {
  await client.refreshTokenGrant(config, child.tokens.refresh_token, undefined, { DPoP });
} catch {
  refused = true;
}
check(refused, 'its refresh token is dead');
const still = await client.fetchUserInfo(config, father.tokens.access_token, father.claims.sub, { DPoP });
check(still.name?.includes('和夫'), 'the father\'s delegation and its tokens go on');
console.log('openid-client on behalf: every step held');
