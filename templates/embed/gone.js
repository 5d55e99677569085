// The frame of a widget that is gone tells its host, in WordPress's
// protocol and in ours, that it is 0 pixels high. Our iframe snippet
// collapses to 0; WordPress's wp-embed.js never makes a frame lower than
// 200 px, so there 200 empty pixels remain until the owner removes the
// embed. Inlined one line per line below, joined without newlines.
(function(){var p=window.parent;if(p===window)return;
var s=(location.hash.match(/secret=([0-9A-Za-z]{10})/)||[])[1];
if(s)p.postMessage({message:"height",value:0,secret:s},"*");p.postMessage({type:"wpfl:height",height:0},"*");})();
