// pathways: the share actions of status and service pages (issue 14). The links (SMS, WhatsApp, e-mail)
// work without this file; it only reveals the two buttons that need JavaScript, where they can work:
// the system share sheet (navigator.share, mostly phones) and "copy link" (the clipboard, which browsers
// give only to secure pages). Nothing is sent anywhere until the reader chooses an action.
(function () {
  "use strict";

  function say(box, message) {
    var said = box.parentNode.querySelector("[data-pw-share-said]");
    if (said) {
      said.textContent = message;
    }
  }

  function wireSystemShare(box, title, url) {
    var button = box.querySelector("button[data-pw-share-system]");
    if (!button || typeof navigator.share !== "function") {
      return;
    }
    button.addEventListener("click", function () {
      // A reader who closes the sheet rejects the promise: that is not an error worth showing.
      navigator.share({ title: title, text: title, url: url }).catch(function () {});
    });
    button.hidden = false;
  }

  function wireCopy(box, url) {
    var button = box.querySelector("button[data-pw-share-copy]");
    if (!button || !window.isSecureContext || !navigator.clipboard || !navigator.clipboard.writeText) {
      return;
    }
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(function () {
        say(box, box.getAttribute("data-copied"));
      }, function () {
        say(box, box.getAttribute("data-not-copied"));
      });
    });
    button.hidden = false;
  }

  function start() {
    document.querySelectorAll("[data-pw-share]").forEach(function (box) {
      var title = box.getAttribute("data-title");
      var url = box.getAttribute("data-url");
      wireSystemShare(box, title, url);
      wireCopy(box, url);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
