#!/usr/bin/env bash
# The outside wallet's whole scenario against a running Tsunagu server with demo data, from a fresh start:
# credentials offered on the resident pages after a sign-in with the demo card, received by holder.mjs (openid4vci),
# asked for by the demo shop (shop.mjs, openid-client) over OpenID4VP, presented by holder.mjs (openid4vp, sd-jwt-vc) disclosing
# only age_over_20; the same with a credential an outside issuer made (issue-foreign, trusted through
# <data dir>/trusted-issuers.json); and, last, the demo card suspended: its credential is then refused as revoked.
#   examples/holder/scenario.sh DATA_DIR PORT
# DATA_DIR is the server's TSUNAGU_DATA_DIR (demo-card/, demo-orgs/shop.json, operator-token), PORT its port.
# WALLET_JAR: the wallet CLI jar (default tsunagu-wallet/target/tsunagu-wallet-*-cli.jar); JAVA_HOME: the JDK
# (default: java on PATH); PIN: the demo card's PIN (default 1234).
# Prints one line per step; exits non-zero at the first failure. It suspends the demo card: run it once per server.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 DATA_DIR PORT" >&2
  exit 2
fi
data=$(cd "$1" && pwd)
port=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=${WALLET_JAR:-$(cd "$root" && ls tsunagu-wallet/target/tsunagu-wallet-*-cli.jar | head -1)}
case $jar in /*) ;; *) jar=$root/$jar ;; esac
pin=${PIN:-1234}
export TSUNAGU_URL=http://localhost:$port
export TSUNAGU_SHOP=$data/demo-orgs/shop.json
foreign=https://foreign-issuer.example

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
store=$work/store
n=0

step() {
  n=$((n + 1))
  echo "ok $n - $*"
}

fail() {
  echo "FAILED step $((n + 1)): $*" >&2
  exit 1
}

# check FILE WHAT EXPRESSION: EXPRESSION (JavaScript, the file's JSON as j) must hold.
check() {
  node -e '
    const [file, what, expression] = process.argv.slice(1);
    let j;
    try { j = JSON.parse(require("fs").readFileSync(file, "utf8")); } catch (e) { console.error(`${what}: not JSON: ${e.message}`); process.exit(1); }
    if (!new Function("j", `return (${expression});`)(j)) {
      console.error(`${what}: expected ${expression}, got ${JSON.stringify(j)}`);
      process.exit(1);
    }' "$1" "$2" "$3" || fail "$2"
}

cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null
for file in demo-card/card.json demo-orgs/shop.json operator-token; do
  [ -s "$data/$file" ] || fail "no $data/$file: is this a server data dir with demo data?"
done
[ -f "$jar" ] || fail "no wallet CLI jar $jar (set WALLET_JAR)"
curl -sf "$TSUNAGU_URL/actuator/health/readiness" >/dev/null || fail "no server ready at $TSUNAGU_URL"
step "server ready at $TSUNAGU_URL, demo card and shop in $data"

# 1. Credentials: the person signs in to the resident pages with the demo card and makes the offer on "Credentials
#    for your wallet" (portal-offer.mjs reads the page); holder.mjs receives two copies of each.
node portal-offer.mjs --server "$TSUNAGU_URL" --card-dir "$data/demo-card" --credential tsunagu_pid,tsunagu_age --pin "$pin" \
  >"$work/offer.txt" 2>"$work/offer.err" || fail "portal offer: $(cat "$work/offer.txt" "$work/offer.err" | grep -v '^[[:space:]]*$' | tail -1)"
code=$(grep -i 'transaction code' "$work/offer.txt" | grep -oE '[0-9]{4,8}' | tail -1 || true)
offer=$(tail -1 "$work/offer.txt")
[[ -n $code && $offer == openid-credential-offer://* ]] || fail "the account page showed no transaction code and offer: $(cat "$work/offer.txt")"
step "signed in to the account with the card; offer of tsunagu_pid and tsunagu_age made on its credentials page (transaction code apart)"

node holder.mjs receive --offer "$offer" --tx-code "$code" --store "$store" --copies 2 >"$work/receive.json" \
  2>"$work/err" || fail "$(cat "$work/err")"
check "$work/receive.json" "receive" "j.length === 4 && j.every((c) => c.status === 0)
  && j.filter((c) => c.configuration === 'tsunagu_age' && c.claims.age_over_20 === true).length === 2
  && j.filter((c) => c.configuration === 'tsunagu_pid' && c.claims.family_name).length === 2"
step "received 2 pid and 2 age credentials through openid4vci, each verified, status bit 0"

# present REQUEST OUT [holder options]: holder.mjs present; its stdout in OUT.json, stderr in OUT.err.
present() {
  local request=$1 out=$2
  shift 2
  node holder.mjs present --request "$request" --store "$store" "$@" >"$out.json" 2>"$out.err"
}

# ask OUT: a new request of the shop, checked, in OUT.json.
ask() {
  node shop.mjs ask-over-20 >"$1.json" 2>"$work/err" || fail "shop ask-over-20: $(cat "$work/err")"
  check "$1.json" "ask-over-20" "typeof j.transactionId === 'string' && j.clientId === 'x509_san_dns:' + new URL('$TSUNAGU_URL').hostname
    && j.authorizationRequest.startsWith('openid4vp://?') && j.requestUri.startsWith('$TSUNAGU_URL/') && j.responseMode === 'direct_post.jwt'
    && Date.parse(j.expiresAt) > Date.now()"
}

# outcome ID OUT: the shop's outcome of a request, in OUT.json.
outcome() {
  node shop.mjs outcome "$1" >"$2.json" 2>"$work/err" || fail "shop outcome: $(cat "$work/err")"
}

# 2. The shop asks for age_over_20; the wallet answers with a Tsunagu age credential.
ask "$work/ask1"
step "shop asked for age_over_20 (transaction $(node -p 'require(process.argv[1]).transactionId' "$work/ask1.json"))"

present "$(node -p 'require(process.argv[1]).authorizationRequest' "$work/ask1.json")" "$work/present1" \
  --prefer-issuer "$TSUNAGU_URL" || fail "present: $(cat "$work/present1.err")"
check "$work/present1.json" "direct_post.jwt answer" "typeof j === 'object' && j !== null && !Array.isArray(j)"
grep -q "answer encrypted to the verifier's key .* (ECDH-ES, A" "$work/present1.err" || fail "the answer was not encrypted: $(cat "$work/present1.err")"
grep -q "disclosing only age_over_20\$" "$work/present1.err" || fail "present disclosed more: $(cat "$work/present1.err")"
used=$(grep -l '"presented"' "$store"/tsunagu_age-*.json)
[ "$(echo "$used" | wc -l)" -eq 1 ] || fail "not exactly one age copy marked presented"
check "$used" "presented copy" "JSON.stringify(j.presented.disclosed) === '[\"age_over_20\"]' && j.presented.clientId === 'x509_san_dns:' + new URL('$TSUNAGU_URL').hostname"
step "wallet presented (encrypted, direct_post.jwt) $(basename "$used") to \"$(node -p 'require(process.argv[1]).presented.to' "$used")\" disclosing only age_over_20 (server answered 200)"

outcome "$(node -p 'require(process.argv[1]).transactionId' "$work/ask1.json")" "$work/outcome1"
check "$work/outcome1.json" "outcome" "j.status === 'verified' && Object.keys(j.credentials).join() === 'age'
  && j.credentials.age.issuer === '$TSUNAGU_URL' && j.credentials.age.vct === '$TSUNAGU_URL/credentials/types/age'
  && JSON.stringify(j.credentials.age.claims) === '{\"age_over_20\":true}'"
step "shop's outcome: verified, issuer $TSUNAGU_URL, claims only age_over_20: true"

printf '%s\n' "$pin" | "$java" -jar "$jar" history --card-dir "$data/demo-card" >"$work/history.txt" 2>&1 \
  || fail "wallet history: $(tail -3 "$work/history.txt")"
grep "shown from your wallet: age_over_20" "$work/history.txt" | grep -q "Chiyoda Demo Liquor Shop" \
  || fail "the person's history does not show the shop's request: $(tail -5 "$work/history.txt")"
step "the person's history shows it: Chiyoda Demo Liquor Shop, shown from your wallet: age_over_20"

if present "$(node -p 'require(process.argv[1]).authorizationRequest' "$work/ask1.json")" "$work/again"; then
  fail "an answered request was answered again"
fi
grep -q 'request_uri' "$work/again.err" || fail "second answer failed for another reason: $(cat "$work/again.err")"
[ "$(grep -l '"presented"' "$store"/*.json | wc -l)" -eq 1 ] || fail "the refused second answer used a copy"
step "the answered request cannot be fetched again (its request_uri is gone); no copy used"

# 3. A credential an outside issuer made, trusted through the server's trusted-issuers.json.
node holder.mjs issue-foreign --store "$store" --trust "$data/trusted-issuers.json" >"$work/foreign.json" \
  2>"$work/err" || fail "issue-foreign: $(cat "$work/err")"
check "$work/foreign.json" "issue-foreign" "j.issuer === '$foreign' && j.vct === '$TSUNAGU_URL/credentials/types/age' && j.claims.age_over_20 === true"
check "$data/trusted-issuers.json" "trust list" "j.issuers.some((i) => i.iss === '$foreign' && i.jwks.keys.some((k) => k.kid === '$(node -p 'require(process.argv[1]).kid' "$work/foreign.json")'))"
step "issued $(node -p 'require(process.argv[1]).file' "$work/foreign.json") as $foreign with sd-jwt-vc; its key is in $data/trusted-issuers.json"

ask "$work/ask2"
present "$(node -p 'require(process.argv[1]).authorizationRequest' "$work/ask2.json")" "$work/present2" \
  --prefer-issuer "$foreign" || fail "present: $(cat "$work/present2.err")"
grep -q "issuer $foreign), disclosing only age_over_20\$" "$work/present2.err" || fail "not the foreign credential: $(cat "$work/present2.err")"
outcome "$(node -p 'require(process.argv[1]).transactionId' "$work/ask2.json")" "$work/outcome2"
check "$work/outcome2.json" "outcome" "j.status === 'verified' && j.credentials.age.issuer === '$foreign'
  && JSON.stringify(j.credentials.age.claims) === '{\"age_over_20\":true}'"
step "foreign credential presented to a new request: verified, issuer $foreign, only age_over_20"

# 4. Last: the demo card is suspended; its remaining age copy is refused as revoked.
ask "$work/ask3"
card=$(node -p 'require(process.argv[1]).cardId' "$data/demo-card/card.json")
curl -sf -X POST -H "Authorization: Bearer $(cat "$data/operator-token")" "$TSUNAGU_URL/api/v1/cards/$card/suspend" \
  >"$work/suspend.json" || fail "suspending card $card failed"
check "$work/suspend.json" "suspend" "j.cardId === '$card' && j.status === 'suspended'"
step "demo card $card suspended by the operator"

node holder.mjs status --store "$store" >"$work/status.json" 2>"$work/err" || fail "status: $(cat "$work/err")"
check "$work/status.json" "status" "j.filter((c) => c.configuration.startsWith('tsunagu_')).every((c) => c.status === 1)"
if present "$(node -p 'require(process.argv[1]).authorizationRequest' "$work/ask3.json")" "$work/present3" --prefer-issuer "$TSUNAGU_URL"; then
  fail "the suspended card's credential was accepted: $(cat "$work/present3.json")"
fi
grep -q 'answered HTTP 400: .*reason revoked' "$work/present3.err" || fail "not refused as revoked: $(cat "$work/present3.err")"
outcome "$(node -p 'require(process.argv[1]).transactionId' "$work/ask3.json")" "$work/outcome3"
check "$work/outcome3.json" "outcome" "j.status === 'refused' && j.reason === 'revoked' && !j.credentials"
step "status lists show bit 1; the remaining age copy was refused (HTTP 400, revoked); shop's outcome: refused, revoked"
echo "scenario passed: $n steps"
