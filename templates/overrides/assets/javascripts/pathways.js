// pathways: small enhancements of the built pages. Loaded with `defer` from the site itself; no inline
// scripts or event handlers anywhere (the pages carry a strict Content-Security-Policy). Every page works
// without this file: the print button stays hidden and the language switch still opens the twin page.
(function () {
  "use strict";

  // "Print this page" buttons are `hidden` in the HTML, so a reader without JavaScript never meets a
  // control that does nothing. window.print is looked up at each click (tests replace it).
  function wirePrintButtons() {
    document.querySelectorAll("button[data-pw-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
      button.hidden = false;
    });
  }

  // The twin page in the other language has the same anchors, so the language switch carries the
  // reader's #fragment: they land on the same section, not at the top of the page.
  function keepPlaceInLanguageLinks() {
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (link) {
      var page = link.getAttribute("href").split("#")[0];
      link.setAttribute("href", page + window.location.hash);
    });
  }

  function start() {
    wirePrintButtons();
    keepPlaceInLanguageLinks();
    window.addEventListener("hashchange", keepPlaceInLanguageLinks);
    // The hash can also change without a hashchange event (history.replaceState by the theme).
    document.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a.md-select__link[hreflang]")) {
        keepPlaceInLanguageLinks();
      }
    }, true);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
