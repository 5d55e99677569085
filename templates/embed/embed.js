(function (w, d) {
  "use strict";
  // Renders one widget next to the <script> tag that loaded it, inside a
  // Shadow DOM so the page's styles cannot reach it. Safe to include twice:
  // every tag renders once. One global: window.WPFollowLike.
  var ns = w.WPFollowLike = w.WPFollowLike || { version: 1, rendered: 0 };
  var id = __ID__, html = __HTML__, css = __CSS__;
  function render(tag) {
    if (!tag || tag.getAttribute("data-wpfl-done")) return;
    tag.setAttribute("data-wpfl-done", "1");
    var host = d.createElement("div"), shown = false;
    host.setAttribute("data-wpfl-widget", id);
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    root.innerHTML = html;
    // The stylesheet is shared by every widget and kept by the browser
    // for a year; a page whose CSP allows our origin for styles needs no
    // 'unsafe-inline'. The widget stays hidden until it has its style
    // (or for good has none), so it never shows unstyled; only then is
    // it a .wpfl-host and counted as rendered, for scripts that wait.
    var link = d.createElement("link");
    link.rel = "stylesheet";
    link.href = css;
    function show() {
      if (shown) return;
      shown = true;
      host.style.visibility = "";
      host.className = "wpfl-host";
      if (page) matchPage(host); // after the page's .wpfl-host rules apply
      ns.rendered++;
    }
    link.addEventListener("load", show);
    link.addEventListener("error", show);
    setTimeout(show, 3000); // a stalled request: better unstyled than hidden
    host.style.visibility = "hidden";
    root.insertBefore(link, root.firstChild);
    var page = root.querySelector && root.querySelector(".wpfl--page");
    if (page) host.setAttribute("data-wpfl-page", "");
    tag.parentNode.insertBefore(host, tag.nextSibling);
    root.addEventListener("error", function (e) { if (e.target && e.target.tagName === "IMG") monogram(e.target); }, true);
  }
  // "Match the page": the text colour and font arrive by inheritance; the
  // page's link colour does not (its rules stop at the shadow root), so a
  // probe link next to the widget reads it. Muted text is the text colour
  // softened only as far as it stays readable (WCAG 4.5:1) on the real
  // background behind the widget.
/*look.js*/
/*monogram.js*/
  function background(el) {
    for (; el && el.nodeType === 1; el = el.parentElement) {
      var b = rgba(getComputedStyle(el).backgroundColor);
      if (b[3] >= 0.5) return b;
      if (getComputedStyle(el).backgroundImage !== "none") break;
    }
    return null; // unknown (an image, or nothing set): readable guesses
  }
  function matchPage(host) {
    try {
      var probe = d.createElement("a");
      probe.href = "#";
      probe.textContent = "x";
      probe.setAttribute("aria-hidden", "true");
      probe.style.cssText = "position:absolute;visibility:hidden;pointer-events:none";
      host.parentNode.insertBefore(probe, host);
      var link = rgba(getComputedStyle(probe).color);
      probe.parentNode.removeChild(probe);
      var fg = rgba(getComputedStyle(host).color), bg = background(host.parentElement);
      readable(host, fg, bg, link);
    } catch (e) { /* the inherited colours stand */ }
  }
  var me = d.currentScript;
  if (me) render(me);
  else Array.prototype.forEach.call(d.querySelectorAll('script[src*="/w/' + id + '.js"]'), render);
})(window, document);
