// The demo clinic of the README's clinic scenario: with its own client-credentials token (private_key_jwt, DPoP,
// through openid-client) it asks Tsunagu for a one-time challenge, then checks the patient's presentation.
//   node clinic.mjs challenge
//   node clinic.mjs check PRESENTATION [--consent medicationHistory]
// TSUNAGU_URL (default http://localhost:8080) and TSUNAGU_CLINIC (default ../../var/demo-orgs/clinic.json, written
// by the server on its first start with demo data) say which server and which clinic.
import { client, configuration } from './rp.mjs';
import { readFile } from 'node:fs/promises';
import { webcrypto } from 'node:crypto';

const [command, presentation, ...rest] = process.argv.slice(2);
if (!['challenge', 'check'].includes(command) || (command === 'check' && !presentation)) {
  console.error('usage: node clinic.mjs challenge | node clinic.mjs check PRESENTATION [--consent medicationHistory]');
  process.exit(2);
}
const server = process.env.TSUNAGU_URL ?? 'http://localhost:8080';
const org = JSON.parse(await readFile(process.env.TSUNAGU_CLINIC ?? new URL('../../var/demo-orgs/clinic.json', import.meta.url), 'utf8'));
const key = await webcrypto.subtle.importKey('jwk', org.privateJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
const config = await configuration(server, org.clientId, { key, kid: org.privateJwk.kid });
const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
const tokens = await client.clientCredentialsGrant(config, { scope: 'eligibility:check' }, { DPoP });

async function post(path, body) {
  const response = await client.fetchProtectedResource(config, tokens.access_token, new URL(path, server), 'POST',
    body === undefined ? undefined : JSON.stringify(body),
    new Headers(body === undefined ? {} : { 'content-type': 'application/json' }), { DPoP });
  const answer = await response.json();
  if (!response.ok) {
    console.error(`${response.status} ${answer.title}: ${answer.detail}`);
    process.exit(1);
  }
  return answer;
}

if (command === 'challenge') {
  const { challenge, expiresAt } = await post('/api/v1/eligibility/challenges');
  console.log(challenge);
  console.error(`(valid until ${expiresAt}: the patient signs it with "./tsunagu wallet present --challenge ${challenge} --consent medicationHistory"`
    + ' to share their medication history, or without --consent)');
} else {
  const consents = {};
  for (let i = 0; i < rest.length; i += 2) {
    if (rest[i] === '--consent') consents[rest[i + 1]] = true;
  }
  console.log(JSON.stringify(await post('/api/v1/eligibility/checks', { presentation, consents }), null, 2));
}
