// The standard-address picker (community/_address_picker.html): picking an address from the register
// sets the hidden `standard_address` field and the free-text address; "clear" unsets it.
// No inline scripts (CSP script-src 'self').
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var form = event.target.closest("form");
    if (!form) { return; }
    var hidden = form.querySelector("input[name=standard_address]");
    var chosen = document.getElementById("address-chosen");
    var clear = event.target.closest("[data-address-clear]");
    if (clear && hidden) {
      hidden.value = "";
      if (chosen) { chosen.textContent = ""; }
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
      return;
    }
    var button = event.target.closest("[data-address-id]");
    if (!button || !hidden) { return; }
    hidden.value = button.getAttribute("data-address-id");
    var text = form.querySelector("input[name=address]");
    if (text) { text.value = button.getAttribute("data-address-text"); }
    if (chosen) { chosen.textContent = "✓ " + button.getAttribute("data-address-text"); }
    document.getElementById("address-results").innerHTML = "";
    hidden.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();

// The resident match (community/_resident_match.html): "Link this resident" sets the hidden `resident`
// field of the form (a person in a case); the officer confirms the register's suggestion.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-match-resident]");
    if (!button) { return; }
    var form = button.closest("form");
    var hidden = form && form.querySelector("input[name=resident]");
    if (!hidden) { return; }
    hidden.value = button.getAttribute("data-match-resident");
    var name = form.querySelector("input[name=name]");
    if (name && !name.value) { name.value = button.getAttribute("data-match-name"); }
    button.closest("[data-testid=resident-match]").textContent = "✓ " + button.getAttribute("data-match-name");
  });
})();
