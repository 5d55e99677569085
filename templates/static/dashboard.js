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
    // Select a whole snippet on focus, for copying by keyboard.
    document.querySelectorAll(".snippet textarea").forEach(function (box) {
      box.addEventListener("focus", function () { box.select(); });
    });
    // Previews are our own frames: they report their height, so show them whole.
    window.addEventListener("message", function (e) {
      var d = e.data;
      if (!d || d.type !== "wpfl:height" || typeof d.height !== "number") return;
      document.querySelectorAll("iframe.preview").forEach(function (f) {
        if (f.contentWindow === e.source) f.style.height = Math.min(Math.max(d.height, 120), 1400) + "px";
      });
    });
    // Live preview: the form's Preview button draws the unsaved settings
    // in the preview frame; press it as the owner types, a moment after
    // the last keystroke.
    var live = document.querySelector("button[data-live-preview]");
    if (live) {
      var timer = 0;
      var redraw = function () {
        clearTimeout(timer);
        timer = setTimeout(function () { live.click(); }, 150);
      };
      live.form.addEventListener("input", redraw);
      live.form.addEventListener("change", redraw);
      live.hidden = true;
      var note = document.getElementById("preview-note");
      if (note) note.textContent = "The preview follows your changes as you make them; nothing is saved until you save.";
    }
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
})();
