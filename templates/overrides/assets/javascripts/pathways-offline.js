// pathways: "Keep this guide on this phone" (issue 14). The section stays hidden where a service worker
// cannot run (no support, a page opened from a file). Nothing is stored before the reader presses the
// button: only then is <language root>/sw.js registered, and it stores the files of this language.
(function () {
  "use strict";

  // This file is <language root>/assets/javascripts/pathways-offline.js: the root is two folders up.
  var root = new URL("../../", document.currentScript.src).href;

  function hasStoredCopy() {
    return navigator.serviceWorker.getRegistration(root).then(function (registration) {
      return Boolean(registration && registration.scope === root);
    });
  }

  function activated(registration) {
    var worker = registration.installing || registration.waiting || registration.active;
    return new Promise(function (resolve, reject) {
      if (worker.state === "activated") {
        resolve();
        return;
      }
      worker.addEventListener("statechange", function () {
        if (worker.state === "activated") {
          resolve();
        } else if (worker.state === "redundant") {
          reject(new Error("not stored"));
        }
      });
    });
  }

  function removeCopy() {
    return navigator.serviceWorker.getRegistration(root).then(function (registration) {
      return registration ? registration.unregister() : true;
    }).then(function () {
      return caches.keys();
    }).then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("pathways-") === 0;
      }).map(function (key) {
        return caches.delete(key);
      }));
    });
  }

  function wire(box) {
    var keep = box.querySelector("[data-pw-offline-keep]");
    var remove = box.querySelector("[data-pw-offline-remove]");
    var said = box.querySelector("[data-pw-offline-said]");
    function show(stored, message) {
      keep.hidden = stored;
      remove.hidden = !stored;
      said.textContent = message ? box.getAttribute(message) : "";
    }
    keep.addEventListener("click", function () {
      show(false, "data-storing");
      navigator.serviceWorker.register(root + "sw.js", { scope: root }).then(activated).then(function () {
        show(true, "data-stored");
      }, function () {
        show(false, "data-failed");
      });
    });
    remove.addEventListener("click", function () {
      removeCopy().then(function () {
        show(false, "data-removed");
      });
    });
    hasStoredCopy().then(function (stored) {
      show(stored, "");
      box.hidden = false;
    });
  }

  function start() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext || window.location.protocol === "file:") {
      return;
    }
    document.querySelectorAll("[data-pw-offline]").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
