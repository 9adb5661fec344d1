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
  // reader's place: the #fragment they followed if its target is on screen, else the section they
  // have scrolled to. They land on the same section, not at the top of the page.
  function onScreen(element) {
    var box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }

  function readersPlace() {
    var target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (target && onScreen(target)) {
      return window.location.hash;
    }
    // What the reader is reading: the last section whose heading has reached the top of the window
    // (just under the fixed header). Near the top of a page there is none: the twin opens at its top.
    var header = document.querySelector(".md-header");
    var reading = (header ? header.getBoundingClientRect().bottom : 0) + 16;
    var place = "";
    document.querySelectorAll(".md-content h2[id], .md-content h3[id], .md-content h4[id]").forEach(function (heading) {
      if (heading.getBoundingClientRect().top <= reading) {
        place = "#" + heading.id;
      }
    });
    return place;
  }

  // The language switch, and the links to the French and English pages in a translated page's notice.
  var LANGUAGE_LINKS = "a.md-select__link[hreflang], .pw-translation a[hreflang]";

  function keepPlaceInLanguageLinks() {
    var place = readersPlace();
    document.querySelectorAll(LANGUAGE_LINKS).forEach(function (link) {
      var page = link.getAttribute("href").split("#")[0];
      link.setAttribute("href", page + place);
    });
  }

  // A link to a section inside closed <details> ("Do this first" → its step) opens them, so the reader
  // lands on the text, not on a closed summary. (The theme's bundle did this; it is no longer loaded.)
  function openLinkedSection() {
    var target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") {
        node.open = true;
      }
    }
    if (target) {
      target.scrollIntoView();
    }
  }

  function start() {
    wirePrintButtons();
    openLinkedSection();
    keepPlaceInLanguageLinks();
    window.addEventListener("hashchange", openLinkedSection);
    window.addEventListener("hashchange", keepPlaceInLanguageLinks);
    // At the moment the reader follows the link (mouse, touch or keyboard), before the browser leaves.
    document.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest(LANGUAGE_LINKS)) {
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
