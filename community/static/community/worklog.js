// The work-log form: show only the fields the chosen kind needs (fields carry data-kinds),
// also in the household and place lists htmx reloads when the community changes.
(function () {
  "use strict";
  var kind = document.querySelector("[data-worklog-kind]");
  if (!kind) { return; }
  function wrapper(el) { return el.closest(".mb-3") || el.parentElement; }
  function update() {
    document.querySelectorAll("[data-kinds]").forEach(function (el) {
      var show = el.getAttribute("data-kinds").split(" ").indexOf(kind.value) !== -1;
      wrapper(el).classList.toggle("d-none", !show);
    });
  }
  kind.addEventListener("change", update);
  // The household and place lists are swapped in by htmx when the community changes.
  document.body.addEventListener("htmx:load", update);
  update();
})();
