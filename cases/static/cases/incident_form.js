// Incident form: picking a resident from the lookup fills the reporter fields.
// No inline scripts (CSP script-src 'self').
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-resident-id]");
    if (!button) { return; }
    var form = button.closest("form");
    var hidden = form.querySelector("input[name=reporter_resident]");
    var name = form.querySelector("input[name=reporter_name]");
    var phone = form.querySelector("input[name=reporter_phone]");
    if (hidden) { hidden.value = button.getAttribute("data-resident-id"); }
    if (name) { name.value = button.getAttribute("data-resident-name"); }
    if (phone && !phone.value) { phone.value = button.getAttribute("data-resident-phone"); }
    var chosen = document.getElementById("resident-chosen");
    if (chosen) { chosen.textContent = "✓ " + button.getAttribute("data-resident-name"); }
    document.getElementById("resident-results").innerHTML = "";
    if (hidden) { hidden.dispatchEvent(new Event("change", { bubbles: true })); }
  });
})();
