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
    var host = d.createElement("div");
    host.className = "wpfl-host";
    host.setAttribute("data-wpfl-widget", id);
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    root.innerHTML = "<style>" + css + "</style>" + html;
    tag.parentNode.insertBefore(host, tag.nextSibling);
    ns.rendered++;
  }
  var me = d.currentScript;
  if (me) render(me);
  else Array.prototype.forEach.call(d.querySelectorAll('script[src*="/w/' + id + '.js"]'), render);
})(window, document);
