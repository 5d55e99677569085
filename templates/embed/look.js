  // look.js: the colour arithmetic of "match the page", shared by embed.js
  // and frame.js (render.Load puts it where each says /*look.js*/).
  function rgba(c) {
    var m = String(c).match(/[\d.]+/g) || [0, 0, 0];
    return [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1];
  }
  function lum(c) {
    var v = c.slice(0, 3).map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  function ratio(a, b) { var x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  function mix(a, b, t) { return [0, 1, 2].map(function (i) { return Math.round(a[i] * t + b[i] * (1 - t)); }).concat(1); }
  function rgbText(c) { return "rgb(" + c[0] + "," + c[1] + "," + c[2] + ")"; }
  // readable sets el's link, muted and line colours from the page's text
  // (fg), background (bg) and link colours: the link colour when it is
  // readable (WCAG 4.5:1) on bg, else the text colour, muted text softened from fg only as far as
  // it stays readable, and a faint line. An unknown background (null) is
  // guessed from the text: light text means a dark page.
  function readable(el, fg, bg, link) {
    if (!bg) bg = lum(fg) > 0.5 ? [0, 0, 0, 1] : [255, 255, 255, 1];
    // A link colour the page's own background makes unreadable gives way
    // to its text colour (a frame's default blue is worse on a dark page).
    el.style.setProperty("--wpfl-link", rgbText(ratio(link, bg) >= 4.5 ? link : fg));
    for (var t = 0.7; t < 1; t += 0.1) {
      var muted = mix(fg, bg, t);
      if (ratio(muted, bg) >= 4.5) { el.style.setProperty("--wpfl-muted", rgbText(muted)); break; }
    }
    el.style.setProperty("--wpfl-line", rgbText(mix(fg, bg, 0.2)));
  }
