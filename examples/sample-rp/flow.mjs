// The whole FAPI-style flow with openid-client, as CI runs it against a live server with its demo card:
// PAR + PKCE + private_key_jwt + DPoP, the card's approval through the wallet, token, userinfo, refresh,
// revocation, logout. Exits 0 when every step held, 1 with the failed step otherwise.
//
//   node flow.mjs --server http://localhost:8080 --operator-token ../../var/operator-token --card-dir ../../var/demo-card
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { registered, configuration, client } from './rp.mjs';
import { attribute, browser, check, hidden } from './browser.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) =>
  (value.startsWith('--') ? [...pairs, [value.slice(2), all[i + 1]]] : pairs), []));
const server = (args.server ?? 'http://localhost:8080').replace(/\/$/, '');
const repo = resolve(new URL('.', import.meta.url).pathname, '../..');
const redirectUri = 'http://127.0.0.1:53682/callback';
const loggedOut = 'http://127.0.0.1:53682/signed-out';

const { browse, follow } = browser(server);

const operatorToken = (await readFile(args['operator-token'], 'utf8')).trim();
const { clientId, key } = await registered({
  server, operatorToken, redirectUri, postLogoutRedirectUri: loggedOut,
  stateFile: join(tmpdir(), `tsunagu-flow-${process.pid}.json`), name: { en: 'openid-client flow', ja: 'openid-client 確認' },
});
const config = await configuration(server, clientId, key);
check(config.serverMetadata().require_pushed_authorization_requests === true, 'discovery: PAR required');

const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
const verifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const nonce = client.randomNonce();
const authorizationUrl = await client.buildAuthorizationUrlWithPAR(config, {
  redirect_uri: redirectUri,
  scope: 'openid profile birthdate age_over_18',
  code_challenge: await client.calculatePKCECodeChallenge(verifier),
  code_challenge_method: 'S256',
  state, nonce,
  acr_values: 'urn:tsunagu:loa:high',
}, { DPoP });
check(authorizationUrl.searchParams.has('request_uri') && !authorizationUrl.searchParams.has('scope'), 'PAR: only client_id and request_uri go through the browser');

const signIn = await follow(await browse(authorizationUrl.href));
const page = await signIn.text();
const code = attribute(page, 'data-pairing-code');
check(signIn.status === 200 && /^[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(code ?? ''), 'sign-in page shows a pairing code');

const wallet = spawnSync(join(repo, 'tsunagu'), ['wallet', 'approve', '--card-dir', args['card-dir'], '--server', server, '--code', code],
  { input: `${args.pin ?? '1234'}\n`, encoding: 'utf8' });
check(wallet.status === 0 && wallet.stdout.includes('Approved'), `wallet approves the code with the card (${wallet.stdout.trim()} ${wallet.stderr.trim()})`);

const consent = await follow(await browse(new URL('/signin/continue', server).href, {
  method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: hidden(page, '_csrf') }),
}));
const consentPage = await consent.text();
check(consent.status === 200 && consentPage.includes('name="scope"'), 'consent page lists the claims');
const form = new URLSearchParams({ client_id: hidden(consentPage, 'client_id'), state: hidden(consentPage, 'state') });
for (const scope of ['openid', 'profile', 'age_over_18']) {
  form.append('scope', scope); // birthdate left unticked
}
const back = await browse(new URL('/oauth2/authorize', server).href, {
  method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form,
});
const callback = new URL(back.headers.get('location'));
check(callback.href.startsWith(redirectUri) && callback.searchParams.get('iss') === server, 'redirect back with code, state and iss');

const tokens = await client.authorizationCodeGrant(config, callback,
  { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true }, undefined, { DPoP });
const claims = tokens.claims();
check(tokens.token_type.toLowerCase() === 'dpop', 'token: DPoP-bound');
check(claims.acr === 'urn:tsunagu:loa:high' && claims.amr.includes('sc'), 'ID token: acr high by card');
check(/^[A-Za-z0-9_-]{43}$/.test(claims.sub), 'ID token: pairwise subject');

const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub, { DPoP });
check(typeof userinfo.name === 'string' && userinfo.age_over_18 === true, 'userinfo: consented claims');
check(userinfo.birthdate === undefined, 'userinfo: no claim the person did not consent to');

const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token, undefined, { DPoP });
// a service's refresh token is bound to its authentication, not rotated (decision 21): a lost answer can be retried
const refreshToken = refreshed.refresh_token ?? tokens.refresh_token;
check(refreshed.access_token !== tokens.access_token && refreshToken === tokens.refresh_token,
  'refresh: a new access token, the refresh token kept');

await client.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
let revoked = false;
try {
  await client.fetchUserInfo(config, refreshed.access_token, claims.sub, { DPoP });
} catch {
  revoked = true;
}
check(revoked, 'revocation: the grant is gone');

const logout = await browse(client.buildEndSessionUrl(config, {
  id_token_hint: refreshed.id_token ?? tokens.id_token, post_logout_redirect_uri: loggedOut, state: 'bye',
}).href);
check(logout.status === 302 && logout.headers.get('location') === `${loggedOut}?state=bye`, 'logout: back to the service');
console.log('openid-client flow: every step held');
