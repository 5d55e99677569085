(function () {
  "use strict";
  // The framed widget. It speaks WordPress's embed protocol (wp-embed.js):
  // the secret arrives in the URL fragment (#?secret=XXXXXXXXXX), possibly
  // after load; heights go up as {message:"height", value, secret}; links
  // go up as {message:"link", value, secret} because a WordPress frame is
  // sandboxed and cannot navigate the page. Other hosts get a plain
  // {type:"wpfl:height", id, height, scheme} message (scheme: the frame's
  // color-scheme, for the element to match, or Chromium paints a box) and
  // ordinary target=_top links.
  var body = document.body, id = body.getAttribute("data-wpfl-id"), go = body.getAttribute("data-wpfl-go");
  var secret = "", last = 0, framed = window.parent !== window;
  var scheme = document.querySelector('meta[name="color-scheme"]') ? "dark" : "normal";
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
    post({ type: "wpfl:height", id: id, height: h, scheme: scheme });
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
    if (e.source !== window.parent || !d) return;
    if (d.type === "wpfl:look") return look(d);
    if (d.message !== "ready" || (secret && d.secret !== secret)) return;
    send(true);
  });
/*look.js*/
  // look takes the host page's look from the iframe snippet's companion
  // script (only our parent may send it): its text, link and background
  // colours, font, size and line height (so its items are spaced as the
  // script embed's, which inherits them), for a widget that matches the page. Anything
  // not shaped like a computed style is ignored.
  var colour = /^rgba?\([\d., ]{5,40}\)$/;
  function look(d) {
    var sec = document.querySelector(".wpfl--page");
    if (!sec || !colour.test(d.fg) || !colour.test(d.link)) return;
    body.style.color = d.fg;
    if (typeof d.font === "string" && d.font.length <= 200 && /^[\p{L}\p{N}\s,"'._-]+$/u.test(d.font)) body.style.fontFamily = d.font;
    if (typeof d.size === "string" && /^\d{1,2}(\.\d+)?px$/.test(d.size)) body.style.fontSize = d.size;
    if (typeof d.lh === "string" && /^\d{1,3}(\.\d+)?px$/.test(d.lh)) body.style.lineHeight = d.lh;
    var bg = colour.test(d.bg) ? rgba(d.bg) : null;
    readable(sec, rgba(d.fg), bg && bg[3] >= 0.5 ? bg : null, rgba(d.link));
  }
  document.addEventListener("click", function (e) {
    if (!secret || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var a = e.target.closest ? e.target.closest("a[href]") : null;
    if (!a) return;
    e.preventDefault();
    post({ message: "link", value: go + encodeURIComponent(a.href), secret: secret });
  });
/*monogram.js*/
  document.addEventListener("error", function (e) { if (e.target && e.target.tagName === "IMG") monogram(e.target); }, true);
  // A copy of the live list: monogram takes the picture out of it.
  Array.prototype.slice.call(document.images).forEach(function (img) { if (img.complete && !img.naturalWidth) monogram(img); });
  if (window.ResizeObserver) new ResizeObserver(function () { send(false); }).observe(document.documentElement);
  window.addEventListener("resize", function () { send(false); });
  window.addEventListener("load", function () { send(true); });
  Array.prototype.forEach.call(document.images, function (img) { img.addEventListener("load", function () { send(false); }); });
  send(true);
})();
