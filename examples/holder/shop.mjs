// The demo verifier organisation (a liquor shop) of the holder's presentation scenario: with its own
// client-credentials token (private_key_jwt, DPoP, through openid-client, as examples/sample-rp/clinic.mjs does)
// it asks Tsunagu's OpenID4VP verifier for a presentation with a DCQL query, and reads the outcome.
//   node shop.mjs ask-over-20           -> {transactionId, clientId, requestUri, authorizationRequest, responseMode, expiresAt}
//   node shop.mjs outcome TRANSACTION_ID -> {status: pending|verified|refused|expired, credentials | reason}
// TSUNAGU_URL (default http://localhost:8080) and TSUNAGU_SHOP (default ../../var/demo-orgs/shop.json, written by
// the server on its first start with demo data: {clientId, privateJwk}) say which server and which shop.
// Prints the server's JSON answer on stdout; on an error answer (application/problem+json) exits 1 with one line.
import * as client from 'openid-client';
import { readFile } from 'node:fs/promises';
import { webcrypto } from 'node:crypto';

const [command, transactionId] = process.argv.slice(2);
if (!(command === 'ask-over-20' || (command === 'outcome' && /^[A-Za-z0-9_-]{1,64}$/.test(transactionId ?? '')))) {
  console.error('usage: node shop.mjs ask-over-20 | node shop.mjs outcome TRANSACTION_ID');
  process.exit(2);
}
const server = process.env.TSUNAGU_URL ?? 'http://localhost:8080';
const org = JSON.parse(await readFile(process.env.TSUNAGU_SHOP ?? new URL('../../var/demo-orgs/shop.json', import.meta.url), 'utf8'));
const key = await webcrypto.subtle.importKey('jwk', org.privateJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
// Discovery, then a client that authenticates with private_key_jwt (the same configuration as sample-rp/rp.mjs).
const config = await client.discovery(new URL(server), org.clientId, undefined,
  client.PrivateKeyJwt({ key, kid: org.privateJwk.kid }),
  new URL(server).protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined);
const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
const tokens = await client.clientCredentialsGrant(config, { scope: 'presentation:request' }, { DPoP });

async function call(method, path, body) {
  const response = await client.fetchProtectedResource(config, tokens.access_token, new URL(path, server), method,
    body === undefined ? undefined : JSON.stringify(body),
    new Headers(body === undefined ? {} : { 'content-type': 'application/json' }), { DPoP });
  const answer = await response.json();
  if (!response.ok) {
    console.error(`${response.status} ${answer.title}: ${answer.detail}`);
    process.exit(1);
  }
  return answer;
}

if (command === 'ask-over-20') {
  // One credential query: an age credential of Tsunagu's type, disclosing age_over_20 and nothing else.
  const dcqlQuery = {
    credentials: [{
      id: 'age',
      format: 'dc+sd-jwt',
      meta: { vct_values: [`${server.replace(/\/$/, '')}/credentials/types/age`] },
      claims: [{ path: ['age_over_20'] }],
    }],
  };
  // The answer comes encrypted to a key made for this request (direct_post.jwt), so that only Tsunagu's verifier
  // reads it, whatever lies between the customer's phone and the server.
  const answer = await call('POST', '/api/v1/presentations', { dcql_query: dcqlQuery, response_mode: 'direct_post.jwt' });
  console.log(JSON.stringify(answer, null, 2));
  console.error(`(valid until ${answer.expiresAt}: the customer's wallet answers "${answer.authorizationRequest}",`
    + ` e.g. node holder.mjs present --request '${answer.authorizationRequest}' --store DIR;`
    + ` then node shop.mjs outcome ${answer.transactionId})`);
} else {
  console.log(JSON.stringify(await call('GET', `/api/v1/presentations/${transactionId}`), null, 2));
}
