// An OUTSIDE wallet and verifier of Tsunagu's credential issuer, made only of libraries Tsunagu did not write.
// It proves that a standard OpenID4VCI holder can take a Tsunagu credential offer and get working credentials:
//  - @openid4vc/openid4vci parses the offer, reads the issuer and authorization server metadata, redeems the
//    pre-authorized code with the transaction code (DPoP-bound token), asks the nonce endpoint for a c_nonce, builds
//    one proof JWT per holder key and sends the credential request (batch: `--copies N` proofs, N new P-256 keys);
//  - @sd-jwt/sd-jwt-vc verifies each dc+sd-jwt credential (signature with the leaf certificate of the header's x5c,
//    which must also be a key of {issuer}/.well-known/jwt-vc-issuer; digests of every disclosure; iat/nbf/exp);
//  - @sd-jwt/jwt-status-list reads the status list token at status.status_list.uri (signature checked the same way)
//    and reports the credential's bit: 0 valid, 1 revoked (e.g. the card was suspended).
// Nothing of Tsunagu's own code is used. Every step of the holder flow goes through the openid4vci library.
//
//   node holder.mjs receive --offer 'openid-credential-offer://?credential_offer=...' --tx-code 123456 --store DIR [--copies N]
//   node holder.mjs status --store DIR
// Prints a JSON summary on stdout; on any failure exits 1 with a one-line error on stderr.
// package.json overrides: @sd-jwt/sd-jwt-vc 0.20.0 and @sd-jwt/core 0.20.0 ask for @owf/token-status-list and
// @owf/identity-common ^0.1.0-alpha-20260312123226, which the npm registry does not have; the published
// 0.3.0-alpha-20260508181749 exports what they import. cbor-extract is pinned to 2.2.2 so that `npm ci` can resolve
// its optional per-platform builds (CBOR is only for CWT status lists, not used here).
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Openid4vciClient, setGlobalConfig } from '@openid4vc/openid4vci';
import { clientAuthenticationAnonymous } from '@openid4vc/oauth2';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest } from '@sd-jwt/crypto-nodejs';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { SignJWT, calculateJwkThumbprint, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose';

const [command, ...rest] = process.argv.slice(2);
const args = Object.fromEntries(rest.flatMap((value, i) => (value.startsWith('--') ? [[value.slice(2), rest[i + 1]]] : [])));

// The demo server speaks plain http on localhost; the library refuses http URLs unless told otherwise.
setGlobalConfig({ allowInsecureUrls: true });

/** Private keys of this run by JWK thumbprint, so the library's signJwt callback can sign with the key it names. */
const privateKeys = new Map();
async function newKey() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), alg: 'ES256' };
  privateKeys.set(await calculateJwkThumbprint(publicJwk), privateKey);
  return { publicJwk, privateJwk: { ...(await exportJWK(privateKey)), alg: 'ES256' } };
}

const callbacks = {
  fetch,
  hash: (data, alg) => createHash(alg.replace('-', '')).update(data).digest(), // 'sha-256' -> 'sha256'
  generateRandom: (length) => randomBytes(length),
  clientAuthentication: clientAuthenticationAnonymous(), // pre-authorized code: no client authentication
  signJwt: async (signer, { header, payload }) => {
    if (signer.method !== 'jwk') throw new Error(`cannot sign for signer method ${signer.method}`);
    const key = privateKeys.get(await calculateJwkThumbprint(signer.publicJwk));
    return { jwt: await new SignJWT(payload).setProtectedHeader(header).sign(key), signerJwk: signer.publicJwk };
  },
};
const client = new Openid4vciClient({ callbacks });

// The issuer's and its authorization server's metadata, validated by the library (RFC 8414, OpenID4VCI 12.2).
const metadataByIssuer = new Map();
async function resolveIssuerMetadata(issuer) {
  if (!metadataByIssuer.has(issuer)) metadataByIssuer.set(issuer, await client.resolveIssuerMetadata(issuer));
  return metadataByIssuer.get(issuer);
}

async function receive() {
  const { offer, store } = args;
  const txCode = args['tx-code'];
  const copies = Number(args.copies ?? 1);
  if (!offer || !store || !txCode || !(copies >= 1)) throw new Error('usage: receive --offer URI --tx-code CODE --store DIR [--copies N]');
  const credentialOffer = await client.resolveCredentialOffer(offer);
  const issuerMetadata = await resolveIssuerMetadata(credentialOffer.credential_issuer);

  // Token request (pre-authorized_code + tx_code) with a DPoP proof; the token is bound to this DPoP key.
  const dpopKey = await newKey();
  const dpop = { signer: { method: 'jwk', alg: 'ES256', publicJwk: dpopKey.publicJwk } };
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer, issuerMetadata, txCode, dpop,
  });
  if (accessTokenResponse.token_type !== 'DPoP') throw new Error(`token_type ${accessTokenResponse.token_type}, expected DPoP`);

  await mkdir(store, { recursive: true });
  const summary = [];
  for (const configuration of credentialOffer.credential_configuration_ids) {
    // One c_nonce per credential request; every proof in the request carries it, each signed by its own new key.
    const { c_nonce: nonce } = await client.requestNonce({ issuerMetadata });
    const holderKeys = [];
    const proofs = [];
    for (let i = 0; i < copies; i++) {
      const key = await newKey();
      holderKeys.push(key);
      const signer = { method: 'jwk', alg: 'ES256', publicJwk: key.publicJwk };
      proofs.push((await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId: configuration, signer, nonce })).jwt);
    }
    const { credentialResponse } = await client.retrieveCredentials({
      issuerMetadata, credentialConfigurationId: configuration, proofs: { jwt: proofs },
      accessToken: accessTokenResponse.access_token, dpop,
    });
    const credentials = credentialResponse.credentials ?? [];
    if (credentials.length !== copies) throw new Error(`${configuration}: ${credentials.length} credentials for ${copies} proofs`);
    for (const [i, { credential }] of credentials.entries()) {
      // The issuer returns credentials in the order of the proofs: credential i is bound to holder key i.
      const stored = { configuration, credential, holderKey: holderKeys[i].privateJwk };
      const file = `${configuration}-${i + 1}.json`;
      summary.push({ file, ...(await verify(stored, issuerMetadata)) });
      await writeFile(join(store, file), `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    }
  }
  return summary;
}

async function status() {
  if (!args.store) throw new Error('usage: status --store DIR');
  const files = (await readdir(args.store)).filter((name) => name.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`no credentials in ${args.store}`);
  const summary = [];
  for (const file of files) {
    const stored = JSON.parse(await readFile(join(args.store, file), 'utf8'));
    const issuer = decodePayload(stored.credential.split('~')[0]).iss;
    summary.push({ file, ...(await verify(stored, await resolveIssuerMetadata(issuer))) });
  }
  return summary;
}

/** Verifies one stored credential; returns {configuration, vct, claims, status}. */
async function verify({ configuration, credential, holderKey }, issuerMetadata) {
  const issuer = issuerMetadata.credentialIssuer.credential_issuer;
  const expected = issuerMetadata.credentialIssuer.credential_configurations_supported[configuration];
  if (!expected) throw new Error(`${configuration}: not offered by ${issuer}`);
  const header = decodeProtectedHeader(credential.split('~')[0]);
  if (header.typ !== 'dc+sd-jwt' || header.alg !== 'ES256') throw new Error(`${configuration}: header typ ${header.typ} alg ${header.alg}`);
  const issuerKey = await trustedKey(header, issuer);

  const sdJwtVc = new SDJwtVcInstance({ hasher: digest, hashAlg: 'sha-256', verifier: await ES256.getVerifier(issuerKey) });
  // Status is read below with @sd-jwt/jwt-status-list, so that a revoked credential is reported rather than refused.
  const { payload } = await sdJwtVc.verify(credential, { disableStatusVerification: true });
  if (payload.iss !== issuer) throw new Error(`${configuration}: iss ${payload.iss}, expected ${issuer}`);
  if (payload.vct !== expected.vct) throw new Error(`${configuration}: vct ${payload.vct}, expected ${expected.vct}`);
  const { d, ...holderPublic } = holderKey;
  if (await calculateJwkThumbprint(payload.cnf?.jwk ?? {}).catch(() => '') !== await calculateJwkThumbprint(holderPublic)) {
    throw new Error(`${configuration}: cnf.jwk is not the holder's key`);
  }
  const { iss, iat, nbf, exp, vct, cnf, status: reference, _sd_alg, ...claims } = payload;
  return { configuration, vct, claims, status: await statusBit(reference?.status_list, issuer) };
}

/** The bit at status_list.idx in the issuer's signed status list token. */
async function statusBit(reference, issuer) {
  if (!reference || !Number.isInteger(reference.idx) || !reference.uri) throw new Error('credential has no status.status_list {idx, uri}');
  const response = await fetch(reference.uri, { headers: { Accept: 'application/statuslist+jwt' } });
  if (!response.ok) throw new Error(`status list ${reference.uri}: HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/statuslist+jwt')) throw new Error(`status list ${reference.uri}: Content-Type ${type}`);
  const token = (await response.text()).trim();
  const key = await importJWK(await trustedKey(decodeProtectedHeader(token), issuer), 'ES256');
  await jwtVerify(token, key, { typ: 'statuslist+jwt', subject: reference.uri, algorithms: ['ES256'], requiredClaims: ['iat'] });
  return getListFromStatusListJWT(token).getStatus(reference.idx);
}

/** The key of the leaf certificate in header.x5c, once checked: the chain is signed in order, and the key is in the JWKS. */
const jwksByIssuer = new Map();
async function trustedKey(header, issuer) {
  if (!Array.isArray(header.x5c) || header.x5c.length === 0) throw new Error('JWT header has no x5c');
  const chain = header.x5c.map((der) => new X509Certificate(Buffer.from(der, 'base64')));
  const now = new Date();
  chain.forEach((certificate, i) => {
    if (new Date(certificate.validFrom) > now || new Date(certificate.validTo) < now) throw new Error(`x5c[${i}] is not valid now`);
    if (chain[i + 1] && !certificate.verify(chain[i + 1].publicKey)) throw new Error(`x5c[${i}] is not signed by x5c[${i + 1}]`);
  });
  const leaf = chain[0].publicKey.export({ format: 'jwk' });
  if (!jwksByIssuer.has(issuer)) {
    const response = await fetch(`${issuer}/.well-known/jwt-vc-issuer`);
    if (!response.ok) throw new Error(`${issuer}/.well-known/jwt-vc-issuer: HTTP ${response.status}`);
    const metadata = await response.json();
    if (metadata.issuer !== issuer) throw new Error(`jwt-vc-issuer metadata names issuer ${metadata.issuer}`);
    jwksByIssuer.set(issuer, metadata.jwks?.keys ?? []);
  }
  const known = jwksByIssuer.get(issuer).some((k) => k.kty === leaf.kty && k.crv === leaf.crv && k.x === leaf.x && k.y === leaf.y);
  if (!known) throw new Error(`the x5c leaf key is not in ${issuer}/.well-known/jwt-vc-issuer`);
  return leaf;
}

function decodePayload(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

/** The libraries' errors already carry the server's answer (error, error_description) on later lines. */
function oneLine(error) {
  return (error?.message ?? String(error)).replace(/\s+/g, ' ').trim();
}

try {
  const run = { receive, status }[command];
  if (!run) throw new Error('usage: holder.mjs receive --offer URI --tx-code CODE --store DIR [--copies N] | status --store DIR');
  console.log(JSON.stringify(await run(), null, 2));
} catch (error) {
  console.error(`holder: ${oneLine(error)}`);
  process.exit(1);
}
