// Pagefind's interface, started only on the search page. The index of this language is fetched
// piece by piece as the reader types; nothing is loaded from other websites.
window.addEventListener("DOMContentLoaded", function () {
  new PagefindUI({ element: "#pw-search", showImages: false, showSubResults: true, resetStyles: false });
});
