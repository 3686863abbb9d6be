// Wuling: behaviour shared by all pages. No inline scripts (CSP script-src 'self').
(function () {
  "use strict";
  // Elements with data-confirm ask before their form is submitted.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);
  // Dismissable warnings: remember nothing, just hide.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss-warning]");
    if (button) {
      var box = button.closest(".alert");
      if (box) { box.remove(); }
    }
  });
})();
