// Progressive enhancement only: the forms work without this file (the server validates everything again).
// Kept as a file, never inline, so the Content-Security-Policy can forbid inline scripts.
(function () {
  "use strict";

  function openDialog(dialog, opener) {
    if (!dialog || typeof dialog.showModal !== "function" || dialog.open) { return; }
    dialog.showModal();
    var errors = dialog.querySelector("#schedule-errors");
    // Errors first, else the platform choice (the dialog's first real question), else its first field.
    var first = errors || dialog.querySelector("input[name='Form.Platform']:checked")
      || dialog.querySelector("input[name='Form.Platform']") || dialog.querySelector("input:not([type=hidden]), textarea");
    if (first) { first.focus(); }
    // Focus goes back to what opened the dialog when it closes (Escape, Close or the ✕ button).
    dialog.addEventListener("close", function () {
      var back = opener || document.querySelector("[data-dialog-open='" + dialog.id + "']");
      if (back) { back.focus(); }
    }, { once: true });
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-dialog-open]");
    if (opener) { openDialog(document.getElementById(opener.getAttribute("data-dialog-open")), opener); }
  });

  // The scheduling form: show the chosen platform's accounts, show the meeting fields only once its accounts are
  // linked, and keep "Create meeting" disabled until every required field is filled.
  function wireScheduleForm(form) {
    var radios = form.querySelectorAll("input[name='Form.Platform']");
    var fields = form.querySelector("[data-meeting-fields]");
    var create = form.querySelector("#create-meeting");
    var participants = form.querySelectorAll("[data-participant]");

    function chosen() {
      for (var i = 0; i < radios.length; i++) { if (radios[i].checked) { return radios[i]; } }
      return null;
    }

    function refresh() {
      var platform = chosen();
      form.querySelectorAll("[data-platform-panel]").forEach(function (panel) {
        panel.hidden = !platform || panel.getAttribute("data-platform-panel") !== platform.value;
      });
      var ready = !!platform && platform.getAttribute("data-ready") === "true";
      if (fields) { fields.hidden = !ready; }
      var filled = ready && ["Form_Title", "Form_Start", "Form_End"].every(function (id) {
        var input = document.getElementById(id);
        return input && input.value.trim() !== "";
      });
      if (participants.length > 0) {
        filled = filled && Array.prototype.some.call(participants, function (box) { return box.checked; });
      }
      if (create) {
        create.disabled = !filled;
      }
    }

    // "Hide guest list" follows who is ticked (the server's default, marked on each collaborator) until the organizer
    // changes it; the hidden mark tells the server which state was the default.
    var hideGuests = form.querySelector("[data-hide-guest-list]");
    var hideGuestsShown = form.querySelector("[data-hide-guest-list-shown]");
    function followGuestListDefault() {
      if (!hideGuests || !hideGuestsShown || participants.length === 0) { return; }
      if (hideGuests.checked !== (hideGuestsShown.value === "true")) { return; }
      var hide = Array.prototype.some.call(participants, function (box) {
        return box.checked && box.getAttribute("data-hides-guest-list") === "true";
      });
      hideGuests.checked = hide;
      hideGuestsShown.value = hide ? "true" : "false";
    }
    participants.forEach(function (box) { box.addEventListener("change", followGuestListDefault); });

    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
    // A double click must not send two requests (the server is idempotent anyway).
    form.addEventListener("submit", function (event) {
      if (event.submitter === create) {
        window.setTimeout(function () { create.disabled = true; create.textContent = "Creating…"; }, 0);
      }
    });
    refresh();
  }

  document.querySelectorAll("#schedule-form").forEach(wireScheduleForm);

  document.querySelectorAll("dialog[data-open='true']").forEach(function (dialog) { openDialog(dialog, null); });

  // The confirmation below the button is temporary, as the help article says; it stays long enough to read and click.
  document.querySelectorAll("[data-temporary='true']").forEach(function (message) {
    window.setTimeout(function () { message.classList.add("is-fading"); }, 20000);
    window.setTimeout(function () { message.hidden = true; }, 21000);
  });
})();

// The meeting page (/meetings/{id}): works without this file; it only moves focus and guards against double clicks.
(function () {
  "use strict";

  // After a refused change, focus the message that says why (it is also announced: role=alert), or the cancel confirmation.
  // After "load", so that scrolling to a #fragment in the address does not take the focus away again.
  var focusTarget = document.querySelector("[data-focus-on-load='true']");
  if (focusTarget) {
    window.addEventListener("load", function () {
      if (!document.querySelector("dialog[open]")) { focusTarget.focus(); }
    }, { once: true });
  }

  // One submission per click: a second click while the first is on its way does nothing (the server applies a
  // double-submitted change once anyway).
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-submitting") === "true") {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-submitting", "true");
      var button = event.submitter || form.querySelector("button[type='submit']");
      if (button) {
        window.setTimeout(function () { button.setAttribute("aria-disabled", "true"); }, 0);
      }
    });
  });
})();

// Profile: when the browser's time zone differs from the chosen one (and is on the list), offer it. Works without this file.
(function () {
  "use strict";
  var offer = document.querySelector("[data-browser-zone]");
  var select = document.querySelector("[data-time-zone-select]");
  var browserZone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!offer || !select || !browserZone || select.value === browserZone) { return; }
  var listed = Array.prototype.some.call(select.options, function (option) { return option.value === browserZone; });
  if (!listed) { return; }
  offer.querySelector("[data-browser-zone-name]").textContent = browserZone;
  offer.hidden = false;
  offer.querySelector("[data-browser-zone-use]").addEventListener("click", function () {
    select.value = browserZone;
    offer.hidden = true;
    select.focus();
  });
})();
