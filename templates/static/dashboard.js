// Copy buttons for the snippets. Without JavaScript the buttons stay hidden
// and the read-only text boxes can be selected and copied by hand.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    // Copying needs the clipboard (https, or localhost); nothing else does.
    if (navigator.clipboard) document.querySelectorAll("button[data-copy]").forEach(function (btn) {
      var box = document.getElementById(btn.getAttribute("data-copy"));
      if (!box) return;
      btn.hidden = false;
      btn.addEventListener("click", function () {
        navigator.clipboard.writeText(box.value).then(function () {
          btn.textContent = "Copied";
          var status = btn.closest(".snippets").querySelector(".copied");
          if (status) status.textContent = box.labels[0].textContent + " copied to the clipboard.";
          setTimeout(function () { btn.textContent = "Copy"; }, 2000);
        }, function () { box.select(); });
      });
    });
    // "Get the code": one tab per way to embed (the WAI-ARIA tabs pattern,
    // arrows and Home/End between tabs).
    document.querySelectorAll(".snippets .tablist").forEach(function (list) {
      var tabs = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
      function show(tab, focus) {
        tabs.forEach(function (t) {
          var on = t === tab, panel = document.getElementById(t.getAttribute("aria-controls"));
          t.setAttribute("aria-selected", on ? "true" : "false");
          t.tabIndex = on ? 0 : -1;
          if (panel) panel.hidden = !on;
        });
        if (focus) tab.focus();
      }
      tabs.forEach(function (t, i) {
        var panel = document.getElementById(t.getAttribute("aria-controls"));
        if (panel) { panel.setAttribute("role", "tabpanel"); panel.setAttribute("aria-labelledby", t.id); }
        t.addEventListener("click", function () { show(t, false); });
        t.addEventListener("keydown", function (e) {
          var j = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
          if (j === undefined) return;
          e.preventDefault();
          show(tabs[(j + tabs.length) % tabs.length], true);
        });
      });
      list.hidden = false;
      show(tabs[0], false);
    });
    // Select a whole snippet on focus, for copying by keyboard.
    document.querySelectorAll(".snippet textarea").forEach(function (box) {
      box.addEventListener("focus", function () { box.select(); });
    });
    // Previews are our own frames: they report their height, so show them
    // whole (the live preview's board included, which may be long).
    window.addEventListener("message", function (e) {
      var d = e.data;
      if (!d || d.type !== "wpfl:height" || typeof d.height !== "number") return;
      document.querySelectorAll("iframe.preview, iframe.board").forEach(function (f) {
        if (f.contentWindow === e.source) f.style.height = Math.min(Math.max(d.height, 120), f.classList.contains("board") ? 6000 : 1400) + "px";
      });
    });
    // Live preview: a moment after the owner's last change, load the
    // board of the form as it stands (GET, draft=1) in the preview frame,
    // replacing its page, so typing leaves no trail in the history. The
    // form's Preview button does the same by a POST, without script.
    var live = document.querySelector("button[data-live-preview]");
    var board = document.querySelector("iframe.board");
    if (live && board) {
      var timer = 0;
      var redraw = function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var q = new URLSearchParams(new FormData(live.form));
          q.set("draft", "1");
          board.contentWindow.location.replace(live.getAttribute("formaction") + "?" + q.toString());
        }, 150);
      };
      live.form.addEventListener("input", redraw);
      live.form.addEventListener("change", redraw);
      live.hidden = true;
      var note = document.getElementById("preview-note");
      if (note) note.textContent = "The preview follows your changes as you make them; nothing is saved until you save.";
    }
    // Colour pickers beside the colour fields: picking writes the field
    // (which the form posts), typing a colour moves the picker.
    document.querySelectorAll("input.picker[data-picks]").forEach(function (pick) {
      var field = document.getElementById(pick.getAttribute("data-picks"));
      if (!field) return;
      pick.hidden = false;
      pick.addEventListener("input", function () {
        field.value = pick.value;
        field.dispatchEvent(new Event("input", { bubbles: true }));
      });
      field.addEventListener("input", function () {
        var probe = new Option().style;
        probe.color = field.value.trim();
        if (!probe.color) return;
        var c = document.createElement("canvas").getContext("2d");
        c.fillStyle = probe.color;
        if (/^#[0-9a-f]{6}$/i.test(c.fillStyle)) pick.value = c.fillStyle;
      });
    });
    // The colour fields' defaults follow the background chosen: an empty
    // field means the scheme's own colour, and its picker shows it.
    document.querySelectorAll("input[name=site_scheme]").forEach(function (r) {
      r.addEventListener("change", function () {
        document.querySelectorAll("input[data-on-light]").forEach(function (f) {
          f.placeholder = f.getAttribute(r.value === "dark" ? "data-on-dark" : "data-on-light");
          var pick = document.querySelector('input.picker[data-picks="' + f.id + '"]');
          if (pick && !f.value.trim()) pick.value = f.placeholder;
        });
      });
    });
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
})();
