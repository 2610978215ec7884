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

  // "Find a time": the search runs in place (the page handler answers the list alone), and choosing a slot fills Starting
  // and Ending. Without this, the same buttons submit the form and the page comes back with the list.
  function wireFindTime(form) {
    var area = form.querySelector("[data-find-time]");
    if (!area) { return; }
    var results = area.querySelector("#find-time-results");
    var button = area.querySelector("#find-time");
    var participants = form.querySelectorAll("[data-participant]");

    function hideWithoutScriptButtons() {
      results.querySelectorAll("[data-without-script]").forEach(function (element) { element.hidden = true; });
    }

    // On a project it uses the ticked collaborators, so it waits for one.
    function refresh() {
      if (participants.length > 0) {
        button.disabled = !Array.prototype.some.call(participants, function (box) { return box.checked; });
      }
    }

    function say(text, className) {
      var paragraph = document.createElement("p");
      paragraph.className = className;
      paragraph.textContent = text;
      results.replaceChildren(paragraph);
    }

    function search(submitter) {
      var url = new URL(submitter.formAction, window.location.href);
      url.searchParams.set("fragment", "true");
      var body = new FormData(form, submitter);
      results.setAttribute("aria-busy", "true");
      say("Looking for times…", "muted");
      fetch(url, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 429) { throw new Error("Too many searches in a minute. Wait a moment, then try again."); }
          if (!response.ok && response.status !== 400) { throw new Error("Times could not be looked for just now. Try again."); }
          return response.text();
        })
        .then(function (html) {
          results.innerHTML = html;
          hideWithoutScriptButtons();
        }, function (error) {
          say(error.message, "alert alert--error");
        })
        .then(function () {
          results.removeAttribute("aria-busy");
          results.focus();
        });
    }

    area.addEventListener("click", function (event) {
      var submitter = event.target.closest("[data-find-time-submit]");
      if (!submitter || submitter.disabled) { return; }
      event.preventDefault();
      search(submitter);
    });

    // Enter in a field submits with the form's first button, now Find a time: it still means Create meeting.
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.defaultPrevented || event.target.tagName !== "INPUT") { return; }
      event.preventDefault();
      var create = form.querySelector("#create-meeting");
      if (create && !create.disabled) { create.click(); }
    });

    results.addEventListener("change", function (event) {
      var slot = event.target.closest("input[data-slot-start]");
      if (!slot || !slot.checked) { return; }
      document.getElementById("Form_Start").value = slot.getAttribute("data-slot-start");
      document.getElementById("Form_End").value = slot.getAttribute("data-slot-end");
      // Lets the form re-check "Create meeting" with the new values.
      form.dispatchEvent(new Event("input", { bubbles: true }));
    });

    form.addEventListener("change", refresh);
    hideWithoutScriptButtons();
    refresh();
  }

  document.querySelectorAll("#schedule-form").forEach(wireScheduleForm);
  document.querySelectorAll("#schedule-form").forEach(wireFindTime);

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
