(function (w, d) {
"use strict";
var ns = w.WPFollowLike = w.WPFollowLike || { version: 1, rendered: 0 };
var id = "goldenllpxxxxxxxxxxxxxxxxxxxx", html = "\u003csection class=\"wpfl wpfl--liked wpfl--list wpfl--page\" aria-labelledby=\"wpfl-title-goldenllpxxxxxxxxxxxxxxxxxxxx\" data-wpfl=\"goldenllpxxxxxxxxxxxxxxxxxxxx\"\u003e\n\u003ch2 class=\"wpfl__title\" id=\"wpfl-title-goldenllpxxxxxxxxxxxxxxxxxxxx\"\u003ePosts I Like\u003c/h2\u003e\n\u003cul class=\"wpfl__list\"\u003e\n\u003cli class=\"wpfl__item\"\u003e\u003cimg class=\"wpfl__thumb\" src=\"https://animalsofpnw.files.wordpress.com/2020/09/talking-with-your-pets.jpg\" alt=\"\" width=\"40\" height=\"40\" loading=\"lazy\" decoding=\"async\"\u003e\u003cdiv class=\"wpfl__text\"\u003e\u003ca class=\"wpfl__link\" href=\"https://animalsofpnw.com/2020/09/30/talking-with-your-dog-or-cat/\" target=\"_top\" rel=\"noopener\"\u003eTalking with Your Dog or Cat.\u003c/a\u003e \u003cspan class=\"wpfl__on\"\u003eon \u003ca class=\"wpfl__site\" href=\"https://animalsofpnw.com\" target=\"_top\" rel=\"noopener\"\u003eAnimals of the Pacific Northwest\u003c/a\u003e\u003c/span\u003e\u003c/div\u003e\u003c/li\u003e\n\u003cli class=\"wpfl__item\"\u003e\u003cimg class=\"wpfl__thumb\" src=\"https://tomandjerrykitchen.files.wordpress.com/2026/10/potatoes.jpg\" alt=\"\" width=\"40\" height=\"40\" loading=\"lazy\" decoding=\"async\"\u003e\u003cdiv class=\"wpfl__text\"\u003e\u003ca class=\"wpfl__link\" href=\"https://tomandjerrykitchen.wordpress.com/2026/10/30/roast-potatoes/\" target=\"_top\" rel=\"noopener\"\u003eCrispy \u0026amp; tender: the “no-fail” roast potatoes\u003c/a\u003e \u003cspan class=\"wpfl__on\"\u003eon \u003ca class=\"wpfl__site\" href=\"https://tomandjerrykitchen.wordpress.com\" target=\"_top\" rel=\"noopener\"\u003eTom \u0026amp; Jerry’s Kitchen\u003c/a\u003e\u003c/span\u003e\u003c/div\u003e\u003c/li\u003e\n\u003cli class=\"wpfl__item\"\u003e\u003cimg class=\"wpfl__thumb\" src=\"https://widgets.example/static/placeholder.svg\" alt=\"\" width=\"40\" height=\"40\" loading=\"lazy\" decoding=\"async\"\u003e\u003cdiv class=\"wpfl__text\"\u003e\u003ca class=\"wpfl__link\" href=\"https://quietcorner.blog/2026/10/28/4410/\" target=\"_top\" rel=\"noopener\"\u003eRain on the window. Tea going cold. A good morning to read and do nothing else.\u003c/a\u003e \u003cspan class=\"wpfl__on\"\u003eon \u003ca class=\"wpfl__site\" href=\"https://quietcorner.blog\" target=\"_top\" rel=\"noopener\"\u003eQuiet Corner\u003c/a\u003e\u003c/span\u003e\u003c/div\u003e\u003c/li\u003e\n\u003cli class=\"wpfl__item\"\u003e\u003cimg class=\"wpfl__thumb\" src=\"https://longwinding.files.wordpress.com/2026/10/road.jpg\" alt=\"\" width=\"40\" height=\"40\" loading=\"lazy\" decoding=\"async\"\u003e\u003cdiv class=\"wpfl__text\"\u003e\u003ca class=\"wpfl__link\" href=\"https://longwinding.blog/2026/10/20/a-very-long-title/\" target=\"_top\" rel=\"noopener\"\u003eA Very Long Title That Keeps Going and Going That Keeps Going and Going That Keeps Going and Going That Keeps Going and Going That Keeps Going and Going That…\u003c/a\u003e \u003cspan class=\"wpfl__on\"\u003eon \u003ca class=\"wpfl__site\" href=\"https://longwinding.blog\" target=\"_top\" rel=\"noopener\"\u003eThe Extremely Long and Winding Name of a Blog That Somebody Thought Was a Good Idea at the Time, Including Subtitles, Taglines, and a Short Manifesto About…\u003c/a\u003e\u003c/span\u003e\u003c/div\u003e\u003c/li\u003e\n\u003cli class=\"wpfl__item\"\u003e\u003cimg class=\"wpfl__thumb\" src=\"https://widgets.example/static/placeholder.svg\" alt=\"\" width=\"40\" height=\"40\" loading=\"lazy\" decoding=\"async\"\u003e\u003cdiv class=\"wpfl__text\"\u003e\u003cspan class=\"wpfl__link wpfl__link--none\"\u003eClick me\u003c/span\u003e \u003cspan class=\"wpfl__on\"\u003eon Totally Normal Blog\u003c/span\u003e\u003c/div\u003e\u003c/li\u003e\n\u003cli class=\"wpfl__item\"\u003e\u003cimg class=\"wpfl__thumb\" src=\"https://gardennotes.example.org/wp-content/uploads/2026/10/tomato.jpg\" alt=\"\" width=\"40\" height=\"40\" loading=\"lazy\" decoding=\"async\"\u003e\u003cdiv class=\"wpfl__text\"\u003e\u003ca class=\"wpfl__link\" href=\"https://gardennotes.example.org/2026/10/25/tomatoes-finally/\" target=\"_top\" rel=\"noopener\"\u003eTomatoes, finally\u003c/a\u003e \u003cspan class=\"wpfl__on\"\u003eon \u003ca class=\"wpfl__site\" href=\"https://gardennotes.example.org\" target=\"_top\" rel=\"noopener\"\u003eGarden Notes\u003c/a\u003e\u003c/span\u003e\u003c/div\u003e\u003c/li\u003e\n\u003cli class=\"wpfl__item\"\u003e\u003cimg class=\"wpfl__thumb\" src=\"https://en-blog.files.wordpress.com/2026/10/october.png\" alt=\"\" width=\"40\" height=\"40\" loading=\"lazy\" decoding=\"async\"\u003e\u003cdiv class=\"wpfl__text\"\u003e\u003ca class=\"wpfl__link\" href=\"https://wordpress.com/blog/2026/10/24/whats-new-october/\" target=\"_top\" rel=\"noopener\"\u003e🌻 What’s new on WordPress.com: October\u003c/a\u003e \u003cspan class=\"wpfl__on\"\u003eon \u003ca class=\"wpfl__site\" href=\"http://en.blog.wordpress.com\" target=\"_top\" rel=\"noopener\"\u003eWordPress.com News\u003c/a\u003e\u003c/span\u003e\u003c/div\u003e\u003c/li\u003e\n\u003cli class=\"wpfl__item\"\u003e\u003cimg class=\"wpfl__thumb\" src=\"https://photojournal.files.wordpress.com/2026/10/fog.jpg\" alt=\"\" width=\"40\" height=\"40\" loading=\"lazy\" decoding=\"async\"\u003e\u003cdiv class=\"wpfl__text\"\u003e\u003ca class=\"wpfl__link\" href=\"http://photojournal.wordpress.com/2026/10/20/portra-fog/\" target=\"_top\" rel=\"noopener\"\u003ePortra 400 in the fog\u003c/a\u003e \u003cspan class=\"wpfl__on\"\u003eon \u003ca class=\"wpfl__site\" href=\"http://photojournal.wordpress.com\" target=\"_top\" rel=\"noopener\"\u003ePhoto Journal\u003c/a\u003e\u003c/span\u003e\u003c/div\u003e\u003c/li\u003e\n\u003c/ul\u003e\n\u003c/section\u003e\n", css = ":host{display:block!important;contain:content;margin:0!important;padding:0!important;border:0!important;background:transparent!important;text-align:start}.wpfl{--_fg:var(--wpfl-fg,#1d2327);--_muted:var(--wpfl-muted,#50575e);--_link:var(--wpfl-link,#2758b3);--_line:var(--wpfl-line,rgba(0,0,0,.12));--_focus:var(--wpfl-focus,#d98b00);--_radius:var(--wpfl-radius,4px);--_gap:var(--wpfl-gap,.6em);\ncolor:var(--_fg);background:var(--wpfl-bg,transparent);font-family:var(--wpfl-font,system-ui,-apple-system,\"Segoe UI\",sans-serif);font-size:var(--wpfl-font-size,16px);line-height:1.4;margin:0;padding:0;text-align:start}\n.wpfl--dark{--_fg:var(--wpfl-dark-fg,#ecedee);--_muted:var(--wpfl-dark-muted,#b4b9be);--_link:var(--wpfl-dark-link,#8ab4ff);--_line:var(--wpfl-dark-line,rgba(255,255,255,.18));--_focus:var(--wpfl-dark-focus,#ffc64d)}\n@media (prefers-color-scheme:dark){.wpfl--auto{--_fg:var(--wpfl-dark-fg,#ecedee);--_muted:var(--wpfl-dark-muted,#b4b9be);--_link:var(--wpfl-dark-link,#8ab4ff);--_line:var(--wpfl-dark-line,rgba(255,255,255,.18));--_focus:var(--wpfl-dark-focus,#ffc64d)}}\n.wpfl--page{--_fg:currentColor;--_muted:var(--wpfl-muted,currentColor);--_link:var(--wpfl-link,currentColor);--_line:var(--wpfl-line,color-mix(in srgb,currentColor 22%,transparent));--_focus:var(--wpfl-focus,currentColor);font-family:var(--wpfl-font,inherit);font-size:var(--wpfl-font-size,inherit);line-height:inherit}\n.wpfl *{box-sizing:border-box}\n.wpfl__title{font-size:var(--wpfl-title-size,1.1em);font-weight:700;margin:0 0 .6em;color:var(--_fg);line-height:1.25}\n.wpfl__list,.wpfl__grid{list-style:none;margin:0;padding:0}\n.wpfl__item{display:flex;gap:var(--_gap);align-items:flex-start;padding:.35em 0;margin:0;border-bottom:1px solid var(--_line)}\n.wpfl__item:last-child{border-bottom:0}\n.wpfl--following .wpfl__item .wpfl__link{display:flex;gap:var(--_gap);align-items:flex-start;width:100%}\n.wpfl__name{padding-top:.3em}\n.wpfl__link,.wpfl__site{color:var(--_link);text-decoration:none;overflow-wrap:anywhere}\n.wpfl__link--none{color:var(--_fg)}\n.wpfl__link:hover .wpfl__name,.wpfl__text .wpfl__link:hover,.wpfl__site:hover{text-decoration:underline}\n.wpfl a:focus-visible{outline:3px solid var(--_focus);outline-offset:2px;border-radius:2px}\n.wpfl__icon{width:32px;height:32px;border-radius:var(--_radius);flex:none;object-fit:cover}\n.wpfl__thumb{width:40px;height:40px;border-radius:var(--_radius);flex:none;object-fit:cover}\n.wpfl__text{min-width:0}\n.wpfl__on{color:var(--_muted);font-size:.9em}\n.wpfl__grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(72px,1fr));gap:var(--_gap)}\n.wpfl__cell{margin:0;padding:0}\n.wpfl__cell .wpfl__link{display:block}\n.wpfl__image{display:block;width:100%;height:auto;aspect-ratio:1;object-fit:cover;border-radius:var(--_radius)}\n.wpfl__empty{color:var(--_muted);margin:0}\nhtml.wpfl-frame,html.wpfl-frame body{margin:0;padding:0;background:transparent}\nhtml.wpfl-frame body{padding:2px;font:16px/1.4 system-ui,-apple-system,\"Segoe UI\",sans-serif;color:#1d2327}\nhtml.wpfl-frame .wpfl--page{--_link:var(--wpfl-link,#2758b3);--_muted:var(--wpfl-muted,#50575e);--_line:var(--wpfl-line,rgba(0,0,0,.12));--_focus:var(--wpfl-focus,#d98b00)}\n.wpfl--clamped .wpfl__list,.wpfl--clamped .wpfl__grid{max-height:var(--wpfl-max,900px);overflow-y:auto}\n";
function render(tag) {
if (!tag || tag.getAttribute("data-wpfl-done")) return;
tag.setAttribute("data-wpfl-done", "1");
var host = d.createElement("div");
host.className = "wpfl-host";
host.setAttribute("data-wpfl-widget", id);
var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
root.innerHTML = "<style>" + css + "</style>" + html;
tag.parentNode.insertBefore(host, tag.nextSibling);
if (root.querySelector && root.querySelector(".wpfl--page")) matchPage(host);
ns.rendered++;
}
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
function background(el, fg) {
for (; el && el.nodeType === 1; el = el.parentElement) {
var b = rgba(getComputedStyle(el).backgroundColor);
if (b[3] >= 0.5) return b;
if (getComputedStyle(el).backgroundImage !== "none") break;
}
return lum(fg) > 0.5 ? [0, 0, 0, 1] : [255, 255, 255, 1];
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
var fg = rgba(getComputedStyle(host).color), bg = background(host.parentElement, fg);
if (ratio(link, bg) >= 4.5) host.style.setProperty("--wpfl-link", rgbText(link));
for (var t = 0.7; t < 1; t += 0.1) {
var muted = mix(fg, bg, t);
if (ratio(muted, bg) >= 4.5) { host.style.setProperty("--wpfl-muted", rgbText(muted)); break; }
}
host.style.setProperty("--wpfl-line", rgbText(mix(fg, bg, 0.2)));
} catch (e) { /* the inherited colours stand */ }
}
var me = d.currentScript;
if (me) render(me);
else Array.prototype.forEach.call(d.querySelectorAll('script[src*="/w/' + id + '.js"]'), render);
})(window, document);
