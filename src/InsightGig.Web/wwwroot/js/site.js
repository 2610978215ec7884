// Progressive enhancement only: every page works without this file, except opening dialogs.
// Kept as a file (no inline script) so the Content-Security-Policy can forbid inline scripts.
(function () {
  "use strict";

  function openDialog(button) {
    var dialog = document.getElementById(button.getAttribute("data-dialog-open"));
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    dialog.showModal();
    // Return focus to the button that opened the dialog when it closes.
    dialog.addEventListener("close", function () { button.focus(); }, { once: true });
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-dialog-open]");
    if (opener) { openDialog(opener); }
  });
})();
