// Passkeys: sign in with one, or add one after a card sign-in. Needs WebAuthn's JSON helpers; without them (or
// without script) the buttons stay hidden and the card sign-in works as before.
(function () {
  var tokenMeta = document.querySelector('meta[name="_csrf"]');
  var headerMeta = document.querySelector('meta[name="_csrf_header"]');
  var supported = window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON
    && PublicKeyCredential.parseCreationOptionsFromJSON;
  function post(url, body) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    if (tokenMeta && headerMeta) { headers[headerMeta.content] = tokenMeta.content; }
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: headers, body: body || '{}' });
  }
  function fail(element) {
    var message = document.getElementById(element.getAttribute('data-error-target'));
    if (message) { message.hidden = false; }
  }
  var signIn = document.getElementById('passkey-signin');
  if (signIn && supported) {
    signIn.hidden = false;
    signIn.addEventListener('click', function () {
      post(signIn.getAttribute('data-options'))
        .then(function (r) { return r.json(); })
        .then(function (options) {
          return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        })
        .then(function (credential) { return post(signIn.getAttribute('data-verify'), JSON.stringify(credential.toJSON())); })
        .then(function (r) { if (!r.ok) { throw new Error('refused'); } return r.json(); })
        .then(function (answer) { window.location.assign(answer.redirect); })
        .catch(function () { fail(signIn); });
    });
  }
  var add = document.getElementById('passkey-add');
  if (add && supported) {
    add.hidden = false;
    add.addEventListener('click', function () {
      var label = document.getElementById('passkey-label');
      post(add.getAttribute('data-options'))
        .then(function (r) { if (!r.ok) { throw new Error('refused'); } return r.json(); })
        .then(function (options) {
          return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
        })
        .then(function (credential) {
          return post(add.getAttribute('data-register'),
            JSON.stringify({ credential: credential.toJSON(), label: (label && label.value) || 'passkey' }));
        })
        .then(function (r) { if (!r.ok) { throw new Error('refused'); } window.location.reload(); })
        .catch(function () { fail(add); });
    });
  }
}());
