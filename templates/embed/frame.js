(function () {
  "use strict";
  // The framed widget. It speaks WordPress's embed protocol (wp-embed.js):
  // the secret arrives in the URL fragment (#?secret=XXXXXXXXXX), possibly
  // after load; heights go up as {message:"height", value, secret}; links
  // go up as {message:"link", value, secret} because a WordPress frame is
  // sandboxed and cannot navigate the page. Other hosts get a plain
  // {type:"wpfl:height", id, height} message and ordinary target=_top links.
  var body = document.body, id = body.getAttribute("data-wpfl-id"), go = body.getAttribute("data-wpfl-go");
  var secret = "", last = 0, framed = window.parent !== window;
  function readSecret() {
    var s = location.hash.replace(/.*secret=([\d\w]{10}).*/, "$1");
    if (s !== location.hash) secret = s;
  }
  function post(msg) { if (framed) window.parent.postMessage(msg, "*"); }
  function height() {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (secret && h > 1000) { // WordPress clamps at 1000px: scroll inside instead
      document.documentElement.classList.add("wpfl--clamped");
      var sec = document.querySelector(".wpfl");
      if (sec) sec.classList.add("wpfl--clamped");
      h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    }
    return h;
  }
  function send(force) {
    var h = height();
    if (!force && h === last) return;
    last = h;
    if (secret) post({ message: "height", value: h, secret: secret });
    post({ type: "wpfl:height", id: id, height: h });
  }
  readSecret();
  if (!secret) {
    var tries = 0, poll = setInterval(function () {
      readSecret();
      if (secret || ++tries > 50) { clearInterval(poll); if (secret) send(true); }
    }, 100);
  }
  window.addEventListener("message", function (e) {
    var d = e.data;
    if (e.source !== window.parent || !d || d.message !== "ready") return;
    if (secret && d.secret !== secret) return;
    send(true);
  });
  document.addEventListener("click", function (e) {
    if (!secret || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var a = e.target.closest ? e.target.closest("a[href]") : null;
    if (!a) return;
    e.preventDefault();
    post({ message: "link", value: go + encodeURIComponent(a.href), secret: secret });
  });
  // A picture that fails to load becomes the item's monogram, not the
  // browser's broken-image icon (data-wpfl-fallback, made by the service).
  function fallback(img) {
    var f = img && img.getAttribute && img.getAttribute("data-wpfl-fallback");
    if (f && img.getAttribute("src") !== f) img.setAttribute("src", f);
  }
  document.addEventListener("error", function (e) { if (e.target && e.target.tagName === "IMG") fallback(e.target); }, true);
  Array.prototype.forEach.call(document.images, function (img) { if (img.complete && !img.naturalWidth) fallback(img); });
  if (window.ResizeObserver) new ResizeObserver(function () { send(false); }).observe(document.documentElement);
  window.addEventListener("resize", function () { send(false); });
  window.addEventListener("load", function () { send(true); });
  Array.prototype.forEach.call(document.images, function (img) { img.addEventListener("load", function () { send(false); }); });
  send(true);
})();
