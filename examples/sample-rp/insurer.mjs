// A demo insurer of the README's clinic scenario: with its own client-credentials token (private_key_jwt, DPoP,
// through openid-client) it lists its members who are also covered by another insurer, and ends a member's coverage.
//   node insurer.mjs overlaps
//   node insurer.mjs end MEMBER_KEY
// TSUNAGU_URL (default http://localhost:8080) and TSUNAGU_INSURER (default ../../var/demo-orgs/insurer.json, the
// demo health insurance society; mutual-aid.json is the demo mutual aid association) say which server and insurer.
import { client, configuration } from './rp.mjs';
import { readFile } from 'node:fs/promises';
import { webcrypto } from 'node:crypto';

const [command, memberKey] = process.argv.slice(2);
if (!(command === 'overlaps' || (command === 'end' && /^[A-Za-z0-9._-]{1,64}$/.test(memberKey ?? '')))) {
  console.error('usage: node insurer.mjs overlaps | node insurer.mjs end MEMBER_KEY');
  process.exit(2);
}
const server = process.env.TSUNAGU_URL ?? 'http://localhost:8080';
const org = JSON.parse(await readFile(process.env.TSUNAGU_INSURER ?? new URL('../../var/demo-orgs/insurer.json', import.meta.url), 'utf8'));
const key = await webcrypto.subtle.importKey('jwk', org.privateJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
const config = await configuration(server, org.clientId, { key, kid: org.privateJwk.kid });
const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
const tokens = await client.clientCredentialsGrant(config, { scope: 'coverage:write' }, { DPoP });

async function call(method, path) {
  const response = await client.fetchProtectedResource(config, tokens.access_token, new URL(path, server), method,
    undefined, new Headers(), { DPoP });
  const answer = response.status === 204 ? null : await response.json();
  if (!response.ok) {
    console.error(`${response.status} ${answer?.title}: ${answer?.detail}`);
    process.exit(1);
  }
  return answer;
}

if (command === 'overlaps') {
  const members = [];
  let page = await call('GET', '/api/v1/coverage/overlaps');
  members.push(...page.members);
  while (page.next) {
    page = await call('GET', `/api/v1/coverage/overlaps?after=${encodeURIComponent(page.next)}`);
    members.push(...page.members);
  }
  console.log(JSON.stringify({ today: page.today, members }, null, 2));
} else {
  await call('DELETE', `/api/v1/coverage/members/${memberKey}`);
  console.log(`Coverage of member ${memberKey} ended: the record is gone, the member's log keeps that it was.`);
}
