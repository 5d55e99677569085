  // A picture that fails to load becomes its item's monogram, not the
  // browser's broken-image icon: a span the stylesheet draws (.wpfl__mono)
  // from the hue and letter in data-wpfl-m ("hue letter"), as the service
  // draws items without a picture.
  function monogram(img) {
    var m = /^(\d{1,3}) (.+)$/.exec(img.getAttribute("data-wpfl-m") || "");
    if (!m || !img.parentNode) return;
    var s = img.ownerDocument.createElement("span");
    s.className = img.className + " wpfl__mono";
    s.style.setProperty("--wpfl-hue", m[1]);
    s.setAttribute("aria-hidden", "true");
    s.textContent = m[2];
    img.parentNode.replaceChild(s, img);
  }
