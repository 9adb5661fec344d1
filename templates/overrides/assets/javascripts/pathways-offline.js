// pathways: "Keep this guide on this phone" (issue 14). The section stays hidden where the copy cannot be
// kept (no service worker or no DecompressionStream, a page opened from a file). Nothing is stored before
// the reader presses the button: only then is the community's sw.js registered, its address naming the
// parts the reader chose (sw.js?keep=fr,fr-booklets); it stores them (pathways/offline.py).
(function () {
  "use strict";

  // This file is <community>/<lang>/assets/javascripts/pathways-offline.js.
  var language = new URL("../../", document.currentScript.src).href;
  var community = new URL("../../../", document.currentScript.src).href;
  var lang = language.slice(community.length, -1);

  function registration() {
    return navigator.serviceWorker.getRegistration(community).then(function (found) {
      return found && found.scope === community ? found : null;
    });
  }

  // The parts the stored copy holds, read from the worker's address.
  function keptParts(found) {
    var worker = found && (found.installing || found.waiting || found.active);
    if (!worker) {
      return [];
    }
    return (new URL(worker.scriptURL).searchParams.get("keep") || "").split(",").filter(Boolean);
  }

  function ofOtherLanguages(parts) {
    return parts.filter(function (name) {
      return name !== lang && name !== lang + "-booklets";
    });
  }

  function activated(found) {
    var worker = found.installing || found.waiting || found.active;
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

  function keep(parts) {
    return navigator.serviceWorker.register(community + "sw.js?keep=" + parts.join(","), { scope: community })
      .then(activated);
  }

  // This language's parts go; the worker stays for another language the reader kept.
  function removeCopy(prefix) {
    return registration().then(function (found) {
      var others = ofOtherLanguages(keptParts(found));
      if (others.length) {
        return keep(others);
      }
      return (found ? found.unregister() : Promise.resolve(true)).then(function () {
        return caches.keys();
      }).then(function (keys) {
        return Promise.all(keys.filter(function (key) {
          return key.indexOf(prefix) === 0;
        }).map(function (key) {
          return caches.delete(key);
        }));
      });
    });
  }

  function wire(box) {
    var keepButton = box.querySelector("[data-pw-offline-keep]");
    var remove = box.querySelector("[data-pw-offline-remove]");
    var booklets = box.querySelector("[data-pw-offline-booklets]");
    var said = box.querySelector("[data-pw-offline-said]");
    function show(stored, message) {
      keepButton.hidden = stored;
      remove.hidden = !stored;
      if (booklets) {
        booklets.closest("p").hidden = stored;
      }
      said.textContent = message ? box.getAttribute(message) : "";
    }
    // Which copy is stored is said, the booklets too: the reader can tell what works offline.
    function storedMessage(parts) {
      return parts.indexOf(lang + "-booklets") >= 0 ? "data-stored-booklets" : "data-stored";
    }
    keepButton.addEventListener("click", function () {
      var parts;
      show(false, "data-storing");
      registration().then(function (found) {
        parts = ofOtherLanguages(keptParts(found)).concat([lang]);
        parts = booklets && booklets.checked ? parts.concat([lang + "-booklets"]) : parts;
        return keep(parts);
      }).then(function () {
        show(true, storedMessage(parts));
      }, function () {
        show(false, "data-failed");
      });
    });
    remove.addEventListener("click", function () {
      removeCopy(box.getAttribute("data-cache-prefix")).then(function () {
        show(false, "data-removed");
      });
    });
    registration().then(function (found) {
      var parts = keptParts(found);
      var stored = parts.indexOf(lang) >= 0;
      show(stored, stored ? storedMessage(parts) : "");
      box.hidden = false;
    });
  }

  function start() {
    if (!("serviceWorker" in navigator) || !("DecompressionStream" in window) || !window.isSecureContext ||
        window.location.protocol === "file:") {
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
