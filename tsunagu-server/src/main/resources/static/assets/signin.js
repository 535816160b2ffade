// Polls the sign-in's state and continues once the wallet has approved. Without script the Continue button does the same.
(function () {
  var status = document.getElementById('signin-status');
  var form = document.getElementById('continue-form');
  if (!status || !form || !window.fetch) { return; }
  status.textContent = status.getAttribute('data-waiting');
  var timer = setInterval(function () {
    fetch(form.getAttribute('data-status'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.state === 'approved') {
          clearInterval(timer);
          status.textContent = status.getAttribute('data-approved');
          form.submit();
        } else if (s.state === 'expired') {
          clearInterval(timer);
          status.textContent = status.getAttribute('data-expired');
        }
      })
      .catch(function () { /* keep waiting; the button still works */ });
  }, 1500);
}());
