// The iframe snippet's companion, pasted after the iframe: it takes the
// frame's height message, only from that frame and this service's origin
// (ORIGIN, filled in per service), and its colour scheme, which the
// element must share or Chromium paints a box behind the frame, and after the first one tells the frame
// how the page around it looks (text, link and background colours, font,
// line height),
// so a widget that matches the page does in a frame too (frame.js, look).
// Inlined one line per line below, joined without newlines: every line
// ends where a statement or an expression may.
(function(f){var s;addEventListener("message",function(e){var d=e.data;
if(e.origin===ORIGIN&&e.source===f.contentWindow&&d&&d.type==="wpfl:height"&&d.height>=0){
f.style.height=d.height+"px";if(d.scheme==="dark"||d.scheme==="normal")f.style.colorScheme=d.scheme;if(!s){s=1;look()}}});
function look(){var p=f.parentNode,c=getComputedStyle(p),a=document.createElement("a"),b="",n=p,g;
a.href="#";a.style.cssText="position:absolute;visibility:hidden";p.insertBefore(a,f);var l=getComputedStyle(a).color;p.removeChild(a);
for(;n&&n.nodeType===1;n=n.parentNode){g=getComputedStyle(n).backgroundColor;if(!/^rgba\(.*, 0\)$|transparent/.test(g)){b=g;break}}
f.contentWindow.postMessage({type:"wpfl:look",fg:c.color,link:l,bg:b,font:c.fontFamily,size:c.fontSize,lh:c.lineHeight},ORIGIN)}
})(document.currentScript.previousElementSibling)
