// "Print this page": the handler is attached here because the Content-Security-Policy refuses inline
// event handlers (onclick="…").
for (const button of document.querySelectorAll("[data-pw-print]")) {
  button.addEventListener("click", () => window.print());
}
