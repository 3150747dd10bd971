// hoso's only script besides htmx. The Content-Security-Policy allows no inline script and no
// eval, so behaviour that templates once wrote in hx-on attributes lives here.
"use strict";

// A region marked data-swap-errors shows the form the server answers with its refusals (a 4xx):
// htmx would otherwise leave the old form in place.
document.addEventListener("htmx:beforeSwap", function (event) {
  var region = event.target instanceof Element ? event.target.closest("[data-swap-errors]") : null;
  if (region && event.detail.xhr.status < 500) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
