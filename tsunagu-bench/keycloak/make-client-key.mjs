// Writes a P-256 client key for the comparison: the private JWK (for the load tool) and the public JWKS (for Keycloak).
import { webcrypto } from 'node:crypto';
import { writeFileSync } from 'node:fs';
const dir = process.argv[2];
const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
const kid = 'bench-' + Date.now();
writeFileSync(`${dir}/client.jwk`, JSON.stringify({ ...(await webcrypto.subtle.exportKey('jwk', pair.privateKey)), kid, alg: 'ES256', use: 'sig' }), { mode: 0o600 });
writeFileSync(`${dir}/client.jwks`, JSON.stringify({ keys: [{ ...(await webcrypto.subtle.exportKey('jwk', pair.publicKey)), kid, alg: 'ES256', use: 'sig' }] }));
