// What the sample relying party and the CI flow share: registration with the operator API, and the openid-client
// configuration for a FAPI 2.0 client (PAR, PKCE S256, private_key_jwt, DPoP, ES256 ID tokens).
import * as client from 'openid-client';
import { readFile, writeFile } from 'node:fs/promises';
import { webcrypto } from 'node:crypto';

const subtle = webcrypto.subtle;

/** Registers a relying party (once; the state file keeps its client id and private key) and answers both. */
export async function registered({ server, operatorToken, redirectUri, postLogoutRedirectUri, stateFile, scopes, name,
  acceptsProxies }) {
  try {
    const state = JSON.parse(await readFile(stateFile, 'utf8'));
    if (state.server === server && state.redirectUri === redirectUri) {
      const key = await subtle.importKey('jwk', state.privateJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
      return { clientId: state.clientId, key: { key, kid: state.privateJwk.kid } };
    }
  } catch { /* not registered yet */ }
  const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const kid = 'sample-rp-' + Date.now();
  const publicJwk = { ...(await subtle.exportKey('jwk', pair.publicKey)), kid, use: 'sig', alg: 'ES256' };
  const privateJwk = { ...(await subtle.exportKey('jwk', pair.privateKey)), kid };
  const registration = {
    name: name ?? { en: 'Sample service', ja: 'サンプルサービス' },
    kind: 'private',
    sectorIdentifier: 'https://sample-rp.example',
    redirectUris: [redirectUri],
    postLogoutRedirectUris: [postLogoutRedirectUri],
    jwks: { keys: [publicJwk] },
    scopes: scopes ?? ['openid', 'profile', 'birthdate', 'address', 'age_over_18', 'core_identity'],
    maxAssurance: 'high',
    policyUrl: 'https://sample-rp.example/privacy',
    ...(acceptsProxies ? { acceptsProxies: true } : {}),
  };
  const response = await fetch(new URL('/api/v1/relying-parties', server), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${operatorToken}` },
    body: JSON.stringify(registration),
  });
  if (response.status !== 201) {
    throw new Error(`registration refused: ${response.status} ${await response.text()}`);
  }
  const { clientId } = await response.json();
  await writeFile(stateFile, JSON.stringify({ server, redirectUri, clientId, privateJwk }, null, 2), { mode: 0o600 });
  const key = await subtle.importKey('jwk', privateJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  return { clientId, key: { key, kid } };
}

/** Discovery, then a client that authenticates with private_key_jwt and expects ES256 ID tokens. */
export async function configuration(server, clientId, key) {
  const insecure = new URL(server).protocol === 'http:';
  return client.discovery(new URL(server), clientId,
    { id_token_signed_response_alg: 'ES256', authorization_signed_response_alg: undefined },
    client.PrivateKeyJwt(key),
    insecure ? { execute: [client.allowInsecureRequests] } : undefined);
}

export { client };
