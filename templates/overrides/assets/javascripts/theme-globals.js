// The globals Material's bundle expects (its inline script in partials/javascripts/base.html, moved here
// so that the Content-Security-Policy can refuse every inline script). The scope is the language root,
// i.e. the folder two levels above this file (<lang>/assets/javascripts/theme-globals.js), which is the
// `base_url` the inline version printed.
__md_scope = new URL("../../", document.currentScript.src);
__md_hash = (value) => [...value].reduce((hash, char) => (hash << 5) - hash + char.charCodeAt(0), 0);
__md_get = (key, storage = localStorage, scope = __md_scope) =>
  JSON.parse(storage.getItem(scope.pathname + "." + key));
__md_set = (key, value, storage = localStorage, scope = __md_scope) => {
  try {
    storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
  } catch (error) {
    // storage full or disabled (private browsing): the theme works without remembering
  }
};
