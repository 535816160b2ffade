// An OUTSIDE wallet and verifier of Tsunagu's credential issuer, made only of libraries Tsunagu did not write.
// It proves that a standard OpenID4VCI holder can take a Tsunagu credential offer and get working credentials:
//  - @openid4vc/openid4vci parses the offer, reads the issuer and authorization server metadata, redeems the
//    pre-authorized code with the transaction code (DPoP-bound token), asks the nonce endpoint for a c_nonce, builds
//    one proof JWT per holder key and sends the credential request (batch: `--copies N` proofs, N new P-256 keys);
//  - @sd-jwt/sd-jwt-vc verifies each dc+sd-jwt credential (signature with the leaf certificate of the header's x5c,
//    which must also be a key of {issuer}/.well-known/jwt-vc-issuer; digests of every disclosure; iat/nbf/exp);
//  - @sd-jwt/jwt-status-list reads the status list token at status.status_list.uri (signature checked the same way)
//    and reports the credential's bit: 0 valid, 1 revoked (e.g. the card was suspended).
// And that a standard OpenID4VP 1.0 wallet can answer Tsunagu's verifier (`present`):
//  - @openid4vc/openid4vp parses the openid4vp:// request, fetches the request object at request_uri, has its
//    signature checked (callback below: the x5c leaf, chained to the next certificate) and checks the x509_san_dns
//    client id against the leaf's dNSName and the response_uri's host, then builds and POSTs the direct_post
//    response, or for direct_post.jwt encrypts it to the key in the request's client_metadata (JWE by jose, through
//    the library's encryptJwe callback: ECDH-ES, the first enc the verifier lists that this wallet supports);
//  - @sd-jwt/sd-jwt-vc makes each presentation: only the disclosures the DCQL claim paths name, and a key binding
//    JWT (kb+jwt, ES256, the stored holder key; aud = client_id, nonce, iat, sd_hash).
//    Each stored copy is presented once (the file records where it went), so two answers are not linkable;
//  - `issue-foreign` issues an age credential with @sd-jwt/sd-jwt-vc under a new issuer key of an invented issuer,
//    and writes the trust list file the verifier reads, to show that Tsunagu accepts credentials it did not issue.
// Nothing of Tsunagu's own code is used. Every step of receiving goes through the openid4vci library, every step of
// presenting through the openid4vp library except the few that present() names and says why.
//
//   node holder.mjs receive --offer 'openid-credential-offer://?credential_offer=...' --tx-code 123456 --store DIR [--copies N]
//   node holder.mjs status --store DIR
//   node holder.mjs present --request 'openid4vp://?client_id=...&request_uri=...' --store DIR [--prefer-issuer ISS]
//   node holder.mjs issue-foreign --store DIR --trust FILE [--vct VCT]   (VCT default: $TSUNAGU_URL/credentials/types/age)
// Prints a JSON summary on stdout; on any failure exits 1 with a one-line error on stderr.
// package.json overrides: @sd-jwt/sd-jwt-vc 0.20.0 and @sd-jwt/core 0.20.0 ask for @owf/token-status-list and
// @owf/identity-common ^0.1.0-alpha-20260312123226, which the npm registry does not have; the published
// 0.3.0-alpha-20260508181749 exports what they import. cbor-extract is pinned to 2.2.2 so that `npm ci` can resolve
// its optional per-platform builds (CBOR is only for CWT status lists, not used here).
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Openid4vciClient, setGlobalConfig } from '@openid4vc/openid4vci';
import { Openid4vpClient } from '@openid4vc/openid4vp';
import { clientAuthenticationAnonymous } from '@openid4vc/oauth2';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import {
  CompactEncrypt, SignJWT, base64url, calculateJwkThumbprint, compactVerify, decodeProtectedHeader, exportJWK, generateKeyPair,
  importJWK, jwtVerify,
} from 'jose';

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
    const checked = stored.issuerJwk ? await verifyForeign(stored) : await verify(stored, await resolveIssuerMetadata(issuer));
    summary.push({ file, ...checked, ...(stored.presented ? { presented: stored.presented } : {}) });
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
  await checkHolderKey(configuration, payload, holderKey);
  const { iss, iat, nbf, exp, vct, cnf, status: reference, _sd_alg, ...claims } = payload;
  return { configuration, vct, claims, status: await statusBit(reference?.status_list, issuer) };
}

/** Verifies a credential of issue-foreign with the issuer key stored beside it (it has no status list). */
async function verifyForeign({ configuration, credential, holderKey, issuerJwk }) {
  const sdJwtVc = new SDJwtVcInstance({ hasher: digest, hashAlg: 'sha-256', verifier: await ES256.getVerifier(issuerJwk) });
  const { payload } = await sdJwtVc.verify(credential);
  await checkHolderKey(configuration, payload, holderKey);
  const { iss, iat, nbf, exp, vct, cnf, _sd_alg, ...claims } = payload;
  return { configuration, issuer: iss, vct, claims, status: 'none (no status list)' };
}

async function checkHolderKey(configuration, payload, holderKey) {
  const { d, ...holderPublic } = holderKey;
  if (await calculateJwkThumbprint(payload.cnf?.jwk ?? {}).catch(() => '') !== await calculateJwkThumbprint(holderPublic)) {
    throw new Error(`${configuration}: cnf.jwk is not the holder's key`);
  }
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

/** The certificates of an x5c header, each valid now and signed by the next one. */
function checkedChain(x5c) {
  if (!Array.isArray(x5c) || x5c.length === 0) throw new Error('JWT header has no x5c');
  const chain = x5c.map((der) => new X509Certificate(Buffer.from(der, 'base64')));
  const now = new Date();
  chain.forEach((certificate, i) => {
    if (new Date(certificate.validFrom) > now || new Date(certificate.validTo) < now) throw new Error(`x5c[${i}] is not valid now`);
    if (chain[i + 1] && !certificate.verify(chain[i + 1].publicKey)) throw new Error(`x5c[${i}] is not signed by x5c[${i + 1}]`);
  });
  return chain;
}

/** The key of the leaf certificate in header.x5c, once checked: the chain is signed in order, and the key is in the JWKS. */
const jwksByIssuer = new Map();
async function trustedKey(header, issuer) {
  const leaf = checkedChain(header.x5c)[0].publicKey.export({ format: 'jwk' });
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

// ---- OpenID4VP 1.0: answering a verifier (present) ----

// The request object is fetched by the library; redirects are not followed (OpenID4VP 1.0 sections 5.10.1 and 8.2:
// the Wallet SHOULD NOT follow them and SHOULD treat them as an error), which the fetch callback enforces.
// Step done here, not by the library: the library does not look at the Content-Type of the request_uri response,
// which OpenID4VP 1.0 section 5.10.1 says MUST be application/oauth-authz-req+jwt; the callback checks it.
const requestObjectUris = new Set();
const vpClient = new Openid4vpClient({
  callbacks: {
    ...callbacks,
    fetch: async (url, init) => {
      const response = await fetch(url, { ...init, redirect: 'manual' });
      if (requestObjectUris.has(String(url)) && response.ok) {
        const type = response.headers.get('content-type') ?? '';
        if (type.split(';')[0].trim() !== 'application/oauth-authz-req+jwt') {
          throw new Error(`request object ${url}: Content-Type ${type}, expected application/oauth-authz-req+jwt`);
        }
      }
      return response;
    },
    // The library picks the signer from the header (x509_san_dns allows only x5c) and asks this callback to verify.
    // Step done here: the library leaves signature and certificate checks to the wallet. The leaf's key verifies the
    // JWS; each certificate is in its validity period and signed by the next one. Which CA a wallet trusts for
    // verifiers is its own policy; this demo wallet takes the chain as sent (OpenID4VP 1.0 section 5.9.3 asks the
    // Wallet to "validate the signature and the trust chain"; a real wallet anchors the chain in its trust list).
    verifyJwt: async (signer, { header, compact }) => {
      if (signer.method !== 'x5c') return { verified: false };
      if (header.alg !== 'ES256') throw new Error(`request object alg ${header.alg}, expected ES256`);
      const chain = checkedChain(signer.x5c);
      await compactVerify(compact, chain[0].publicKey, { algorithms: ['ES256'] });
      return { verified: true, signerJwk: chain[0].publicKey.export({ format: 'jwk' }) };
    },
    // direct_post.jwt: the library picks the verifier's key and the enc, and asks this callback for the JWE. apu and
    // apv (the request's nonce) go into the key agreement as the library hands them over.
    encryptJwe: async (encryptor, data) => {
      if (encryptor.method !== 'jwk' || encryptor.alg !== 'ECDH-ES') throw new Error(`response encryption ${encryptor.alg}: only ECDH-ES`);
      const key = await importJWK(encryptor.publicJwk, 'ECDH-ES');
      const jwe = new CompactEncrypt(new TextEncoder().encode(data))
        .setProtectedHeader({ alg: 'ECDH-ES', enc: encryptor.enc, ...(encryptor.publicJwk.kid ? { kid: encryptor.publicJwk.kid } : {}) });
      jwe.setKeyManagementParameters({
        ...(encryptor.apu ? { apu: base64url.decode(encryptor.apu) } : {}),
        ...(encryptor.apv ? { apv: base64url.decode(encryptor.apv) } : {}),
      });
      return { encryptionJwk: encryptor.publicJwk, jwe: await jwe.encrypt(key) };
    },
    // The library compares the client id (after x509_san_dns:) with these dNSNames and with the response_uri's host.
    getX509CertificateMetadata: (certificate) => {
      const names = subjectAltNames(certificate);
      return { sanDnsNames: names.DNS, sanUriNames: names.URI };
    },
  },
});

/** The subject alternative names of a base64 DER certificate by type, from node's 'DNS:a, URI:"b,c"' text. */
function subjectAltNames(certificate) {
  const text = new X509Certificate(Buffer.from(certificate, 'base64')).subjectAltName ?? '';
  const names = { DNS: [], URI: [] };
  for (const [, type, value] of text.matchAll(/(DNS|URI|[A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g)) {
    names[type]?.push(value.startsWith('"') ? JSON.parse(value) : value);
  }
  return names;
}

async function present() {
  const { request, store } = args;
  const preferIssuer = args['prefer-issuer'];
  if (!request || !store) throw new Error('usage: present --request openid4vp://... --store DIR [--prefer-issuer ISS]');

  // 1. The authorization request: client_id and request_uri (by reference, the only way Tsunagu sends one).
  const parsed = vpClient.parseOpenid4vpAuthorizationRequest({ authorizationRequest: request });
  if (parsed.type !== 'jar' || !parsed.params.request_uri) throw new Error('the request does not name a request_uri');
  requestObjectUris.add(parsed.params.request_uri);

  // 2. The request object, fetched (GET) and verified by the library: the JWS with the callback above, typ
  //    oauth-authz-req+jwt, exp and nbf, client_id equal to the one of the authorization request, the x509_san_dns
  //    client id among the leaf's dNSNames and equal to the response_uri's host, response_mode direct_post(.jwt) with a
  //    response_uri, one of dcql_query / presentation_definition / scope.
  const resolved = await vpClient.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: parsed.params });
  const payload = resolved.authorizationRequestPayload;
  const { client_id: clientId, nonce, state } = payload;
  // Steps done here: what the library accepts but this wallet needs (it answers only these requests).
  if (resolved.client.prefix !== 'x509_san_dns') throw new Error(`client id ${clientId}: only x509_san_dns is accepted`);
  if (resolved.jar?.sendBy !== 'reference') throw new Error('the request object was not sent by reference');
  if (resolved.jar.jwt.header.typ !== 'oauth-authz-req+jwt') throw new Error(`request object typ ${resolved.jar.jwt.header.typ}`);
  if (payload.response_type !== 'vp_token') throw new Error(`response_type ${payload.response_type}, expected vp_token`);
  if (!['direct_post', 'direct_post.jwt'].includes(payload.response_mode)) {
    throw new Error(`response_mode ${payload.response_mode}, expected direct_post or direct_post.jwt`);
  }
  if (!payload.response_uri || !nonce) throw new Error('the request object has no response_uri or nonce');
  // The library does not check aud; OpenID4VP 1.0 section 5.8: with static wallet metadata (no request_uri_method
  // post) it MUST be "https://self-issued.me/v2".
  const aud = resolved.jar.jwt.payload.aud;
  if (![aud].flat().includes('https://self-issued.me/v2')) throw new Error(`request object aud ${JSON.stringify(aud)}`);
  const verifierName = payload.client_metadata?.client_name ?? clientId;

  // 3. DCQL matching. Step done here: @openid4vc/openid4vp 0.4.6 hands the dcql_query over unparsed
  //    (resolved.dcql.query) and has no DCQL evaluation (that is the separate `dcql` package), so this wallet
  //    evaluates the subset it can answer: dc+sd-jwt credential queries with meta.vct_values and claim paths of
  //    claim names (indexes too); credential_sets, claim_sets and claim values are refused rather than half understood.
  const query = resolved.dcql?.query;
  if (!query || !Array.isArray(query.credentials) || query.credentials.length === 0) throw new Error('the request has no DCQL credential queries');
  if (query.credential_sets) throw new Error('DCQL credential_sets are not supported by this wallet');
  const stored = await storedCredentials(store);
  const answers = [];
  for (const credentialQuery of query.credentials) {
    const { id, format, meta, claims = [], claim_sets: claimSets } = credentialQuery;
    if (format !== 'dc+sd-jwt') throw new Error(`credential query ${id}: format ${format} is not supported`);
    if (claimSets || claims.some((claim) => claim.values)) throw new Error(`credential query ${id}: claim_sets and values are not supported`);
    const paths = claims.map((claim) => claim.path);
    if (!paths.every((path) => Array.isArray(path) && path.length > 0 && path.every((p) => typeof p === 'string' || Number.isInteger(p)))) {
      throw new Error(`credential query ${id}: only claim paths of names and indexes are supported`);
    }
    const vcts = meta?.vct_values ?? [];
    const now = Date.now() / 1000;
    const candidates = stored.filter((s) => !answers.some((a) => a.file === s.file) && vcts.includes(s.payload.vct)
      && !(s.payload.exp <= now) && paths.every((path) => has(s.claims, path)));
    // Each stored copy is one-time: never present a copy twice, so that two verifiers cannot link the answers.
    const unused = candidates.filter((s) => !s.presented);
    if (unused.length === 0) {
      throw new Error(`credential query ${id}: no ${candidates.length ? 'unused ' : ''}credential of type ${vcts.join(' or ')}`
        + ` with ${paths.map((p) => p.join('.')).join(', ')} in ${store}${candidates.length ? ' (every copy was presented once already)' : ''}`);
    }
    unused.sort((a, b) => Number(b.payload.iss === preferIssuer) - Number(a.payload.iss === preferIssuer));
    answers.push({ id, paths, ...unused[0] });
  }

  // 4. The presentations: only the disclosures the paths name, and a key binding JWT for this verifier and request.
  const vpToken = {};
  for (const answer of answers) {
    const sdJwtVc = new SDJwtVcInstance({
      hasher: digest, hashAlg: 'sha-256', kbSignAlg: 'ES256', kbSigner: await ES256.getSigner(answer.holderKey),
    });
    const frame = {};
    for (const path of answer.paths) {
      path.reduce((into, name, i) => (into[name] ??= i === path.length - 1 ? true : {}), frame);
    }
    const presentation = await sdJwtVc.present(answer.credential, frame, {
      kb: { payload: { aud: clientId, nonce, iat: Math.floor(Date.now() / 1000) } },
    });
    const disclosed = (await sdJwtVc.decode(presentation)).disclosures.map((d) => d.key ?? '(array element)');
    console.error(`holder: to "${verifierName}" (${clientId}) for query ${answer.id}: ${answer.file}`
      + ` (issuer ${answer.payload.iss}), disclosing only ${disclosed.join(', ') || 'no selectively disclosable claim'}`);
    vpToken[answer.id] = [presentation];
    // The copy leaves the wallet now: it is marked as presented before the answer is sent, whatever the answer.
    const { file, holderKey, configuration, credential, issuerJwk } = answer;
    const presented = { to: verifierName, clientId, at: new Date().toISOString(), disclosed };
    await writeStored(store, file, { configuration, credential, holderKey, ...(issuerJwk ? { issuerJwk } : {}), presented });
  }

  // 5. The response (the library adds state; direct_post form-encodes vp_token as JSON, direct_post.jwt sends one
  //    JWE as the response parameter), and the answer.
  const encrypted = payload.response_mode === 'direct_post.jwt';
  const { authorizationResponsePayload, jarm } = await vpClient.createOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: payload, authorizationResponsePayload: { vp_token: vpToken },
    ...(encrypted ? {
      jarm: {
        encryption: {},
        serverMetadata: {
          authorization_encryption_alg_values_supported: ['ECDH-ES'],
          authorization_encryption_enc_values_supported: ['A128GCM', 'A256GCM'],
        },
      },
    } : {}),
  });
  if (authorizationResponsePayload.state !== state) throw new Error('the response does not carry the request\'s state');
  if (encrypted) {
    const header = decodeProtectedHeader(jarm.responseJwt);
    console.error(`holder: answer encrypted to the verifier's key ${header.kid} (${header.alg}, ${header.enc})`);
  }
  const { response } = await vpClient.submitOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: payload, authorizationResponsePayload, ...(encrypted ? { jarm } : {}),
  });
  const text = await response.text();
  let answer;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  if (response.status !== 200) {
    const why = answer ? [answer.error, answer.reason && `reason ${answer.reason}`, answer.error_description ?? answer.detail].filter(Boolean).join(': ') : text.slice(0, 200);
    throw new Error(`${payload.response_uri} answered HTTP ${response.status}: ${why}`);
  }
  // OpenID4VP 1.0 section 8.2: 200, application/json, a JSON object, perhaps with a redirect_uri to open.
  if (!(response.headers.get('content-type') ?? '').startsWith('application/json') || typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    throw new Error(`${payload.response_uri} answered 200 without a JSON object`);
  }
  if (answer.redirect_uri) console.error(`holder: the verifier asks to open ${answer.redirect_uri}`);
  return answer;
}

/** True when a (decoded) value has a member at this DCQL claim path. */
function has(value, path) {
  return path.every((name) => {
    if (value === null || typeof value !== 'object' || !(name in value)) return false;
    value = value[name];
    return true;
  });
}

/** Every credential in the store, with its signed payload and its claims with all disclosures put back. */
async function storedCredentials(store) {
  const files = (await readdir(store)).filter((name) => name.endsWith('.json')).sort();
  const decoder = new SDJwtVcInstance({ hasher: digest, hashAlg: 'sha-256' });
  return Promise.all(files.map(async (file) => {
    const stored = JSON.parse(await readFile(join(store, file), 'utf8'));
    return { file, ...stored, payload: decodePayload(stored.credential.split('~')[0]), claims: await decoder.getClaims(stored.credential) };
  }));
}

/** Writes a stored credential file whole (a new file, renamed over the old one). */
async function writeStored(store, file, stored) {
  const path = join(store, file);
  await writeFile(`${path}.tmp`, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

// ---- A credential an outside issuer made (issue-foreign) ----

const FOREIGN_ISSUER = 'https://foreign-issuer.example';

/** An age credential of an invented issuer (new P-256 key, kid = its thumbprint) and the trust list naming it. */
async function issueForeign() {
  const { store, trust } = args;
  if (!store || !trust) throw new Error('usage: issue-foreign --store DIR --trust FILE [--vct VCT]');
  const vct = args.vct ?? `${(process.env.TSUNAGU_URL ?? 'http://localhost:8080').replace(/\/$/, '')}/credentials/types/age`;
  const issuerKey = await newKey();
  const kid = await calculateJwkThumbprint(issuerKey.publicJwk);
  const issuerJwk = { ...issuerKey.publicJwk, kid, use: 'sig' };
  const holder = await newKey();
  const sdJwtVc = new SDJwtVcInstance({
    hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt, signAlg: 'ES256', signer: await ES256.getSigner(issuerKey.privateJwk),
  });
  const now = Math.floor(Date.now() / 1000);
  // typ dc+sd-jwt is the library's; age_over_20 is the only selectively disclosable claim.
  const credential = await sdJwtVc.issue(
    { iss: FOREIGN_ISSUER, vct, iat: now, exp: now + 30 * 24 * 3600, cnf: { jwk: holder.publicJwk }, age_over_20: true },
    { _sd: ['age_over_20'] },
    { header: { kid } },
  );
  await mkdir(store, { recursive: true });
  const taken = new Set(await readdir(store));
  let n = 1;
  while (taken.has(`foreign_age-${n}.json`)) n++;
  const file = `foreign_age-${n}.json`;
  const stored = { configuration: 'foreign_age', credential, holderKey: holder.privateJwk, issuerJwk };
  const checked = await verifyForeign(stored);
  await writeStored(store, file, stored);

  // The trust list: this issuer's entry gets the new key beside any earlier ones; other issuers are kept.
  let list = { issuers: [] };
  try {
    list = JSON.parse(await readFile(trust, 'utf8'));
  } catch (error) {
    if (error.code !== 'ENOENT') throw new Error(`${trust}: ${error.message}`);
  }
  if (!Array.isArray(list.issuers)) throw new Error(`${trust} has no issuers array`);
  let entry = list.issuers.find((i) => i.iss === FOREIGN_ISSUER);
  if (!entry) list.issuers.push(entry = { iss: FOREIGN_ISSUER, vct_values: [], jwks: { keys: [] } });
  entry.jwks = { keys: [...(entry.jwks?.keys ?? []), issuerJwk] };
  // the verifier takes this issuer's credentials only for the types its entry lists
  entry.vct_values = [...new Set([...(entry.vct_values ?? []), vct])];
  await mkdir(dirname(trust), { recursive: true });
  // The verifier reads the file on every check: it is written beside and renamed, never seen half written.
  await writeFile(`${trust}.tmp`, `${JSON.stringify(list, null, 2)}\n`);
  await rename(`${trust}.tmp`, trust);
  return { file, kid, trust, ...checked };
}

function decodePayload(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

/** The libraries' errors already carry the server's answer (error, error_description) on later lines. */
function oneLine(error) {
  return (error?.message ?? String(error)).replace(/\s+/g, ' ').trim();
}

try {
  const run = { receive, status, present, 'issue-foreign': issueForeign }[command];
  if (!run) {
    throw new Error('usage: holder.mjs receive --offer URI --tx-code CODE --store DIR [--copies N] | status --store DIR'
      + ' | present --request URI --store DIR [--prefer-issuer ISS] | issue-foreign --store DIR --trust FILE [--vct VCT]');
  }
  console.log(JSON.stringify(await run(), null, 2));
} catch (error) {
  console.error(`holder: ${oneLine(error)}`);
  process.exit(1);
}
