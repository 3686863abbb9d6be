// Wuling: behaviour shared by all pages. No inline scripts (CSP script-src 'self').
// Confirmations are htmx's own `hx-confirm`: a submit handler here cannot stop hx-post.
(function () {
  "use strict";

  // Fields with a maxlength show "typed/limit" under them, so text the browser stops
  // accepting at the limit is not cut without a word (issue 17: a summary cut to 200).
  function updateCounter(field, counter) {
    var limit = field.maxLength;
    var used = field.value.length;
    counter.textContent = used + "/" + limit;
    counter.classList.toggle("text-danger", used >= limit);
    counter.classList.toggle("text-body-secondary", used < limit);
  }

  function addCounters(root) {
    var fields = root.querySelectorAll("input[maxlength], textarea[maxlength]");
    Array.prototype.forEach.call(fields, function (field) {
      var type = (field.getAttribute("type") || "text").toLowerCase();
      if (field.maxLength <= 0 || field.dataset.wlCounted || ["hidden", "password", "date", "number"].indexOf(type) >= 0) {
        return;
      }
      field.dataset.wlCounted = "1";
      var counter = document.createElement("div");
      counter.className = "form-text wl-counter";
      counter.setAttribute("aria-live", "polite");
      if (field.id) { counter.setAttribute("data-counter-for", field.id); }
      field.insertAdjacentElement("afterend", counter);
      updateCounter(field, counter);
      field.addEventListener("input", function () { updateCounter(field, counter); });
    });
  }

  // htmx:load fires for the page and for every piece htmx swaps in.
  document.addEventListener("htmx:load", function (event) { addCounters(event.target); });
  document.addEventListener("DOMContentLoaded", function () { addCounters(document); });

  // Dismissable warnings: remember nothing, just hide.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss-warning]");
    if (button) {
      var box = button.closest(".alert");
      if (box) { box.remove(); }
    }
  });
})();
