// A credential offer as a person makes it on the resident pages, for the outside wallet to take: signs in to the
// account (the sign-in page's code approved with the demo card through the wallet, as a person does on their
// phone), chooses the credentials on "Credentials for your wallet", and prints what the page shows: the transaction
// code, then the openid-credential-offer:// link (the same two lines as `./tsunagu wallet offer`).
//
//   node portal-offer.mjs --server http://localhost:8080 --card-dir DIR --credential tsunagu_pid,tsunagu_age [--pin 1234]
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { browser, hidden } from '../sample-rp/browser.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) =>
  (value.startsWith('--') ? [...pairs, [value.slice(2), all[i + 1]]] : pairs), []));
const server = (args.server ?? 'http://localhost:8080').replace(/\/$/, '');
const repo = resolve(new URL('.', import.meta.url).pathname, '../..');
const { browse, follow } = browser(server);
const fail = (why) => {
  console.error(`portal offer: ${why}`);
  process.exit(1);
};
const post = (path, form) => browse(new URL(path, server).href, {
  method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form,
});

// 1. The account's sign-in: the provider's page shows a code; the card approves it.
const signIn = await follow(await browse(`${server}/account/signin`));
const page = await signIn.text();
const code = (page.match(/data-pairing-code="([^"]*)"/) ?? [])[1];
if (!code) fail(`no sign-in code on ${signIn.url} (HTTP ${signIn.status})`);
const approved = spawnSync(resolve(repo, 'tsunagu'), ['wallet', 'approve', '--card-dir', args['card-dir'], '--server', server,
  '--code', code], { input: `${args.pin ?? '1234'}\n`, encoding: 'utf8' });
if (approved.status !== 0 || !approved.stdout.includes('Approved')) fail(`the wallet did not approve: ${approved.stdout} ${approved.stderr}`);
const account = await follow(await post('/signin/continue', new URLSearchParams({ _csrf: hidden(page, '_csrf') })));
if (account.status !== 200 || !account.url.startsWith(`${server}/account`) && account.url !== `${server}/`) {
  fail(`not signed in to the account (HTTP ${account.status} at ${account.url})`);
}

// 2. "Credentials for your wallet": choose, and read the offer the page shows.
const form = await browse(`${server}/account/credentials`);
const formPage = await form.text();
const body = new URLSearchParams({ _csrf: hidden(formPage, '_csrf') });
for (const id of (args.credential ?? 'tsunagu_pid,tsunagu_age').split(',')) {
  body.append('credential', id);
}
const offered = await post('/account/credentials/offer', body);
const offerPage = await offered.text();
const link = (offerPage.match(/href="(openid-credential-offer:\/\/[^"]+)"/) ?? [])[1];
const txCode = (offerPage.match(/tsunagu-txcode"[^>]*>(\d{4,8})</) ?? [])[1];
if (!link || !txCode) fail(`the page shows no offer (HTTP ${offered.status})`);
console.log(`Transaction code (type it into the wallet; it is not in the offer): ${txCode}`);
console.log(link.replaceAll('&amp;', '&'));
