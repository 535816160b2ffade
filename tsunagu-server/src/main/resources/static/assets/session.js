// Warns two minutes before an idle account session ends; "Stay signed in" reloads the page, which renews it.
(function () {
  var banner = document.querySelector('[data-tsunagu-timeout]');
  if (!banner) {
    return;
  }
  var idle = parseInt(banner.getAttribute('data-tsunagu-idle-seconds'), 10) || 900;
  var warnAfter = Math.max(idle - 120, 0) * 1000;
  window.setTimeout(function () {
    banner.hidden = false;
    banner.setAttribute('role', 'alert');
    banner.focus();
  }, warnAfter);
  window.setTimeout(function () {
    window.location.reload();
  }, idle * 1000);
}());
