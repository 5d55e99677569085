// The live preview's board: fit each frame to the widget it draws (frames
// post their height, as on any page), and tell the widget page how tall
// the board is, so its preview frame shows it whole, without scrolling.
(function () {
  "use strict";
  window.addEventListener("message", function (e) {
    var d = e.data;
    if (e.origin !== location.origin || !d || d.type !== "wpfl:height" || typeof d.height !== "number") return;
    document.querySelectorAll(".stage iframe").forEach(function (f) {
      if (f.contentWindow === e.source) f.style.height = Math.min(Math.max(d.height, 40), 4000) + "px";
    });
  });
  var last = 0;
  function report() {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h === last || window.parent === window) return;
    last = h;
    window.parent.postMessage({ type: "wpfl:height", height: h }, location.origin);
  }
  new ResizeObserver(report).observe(document.body);
  report();
})();
