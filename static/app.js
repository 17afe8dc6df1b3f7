// Forebyg's own script: start the design system's components. Loaded from a file, never inline (CSP).
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});

// After htmx brings another page of results (a pagination link marked data-focus-results), the
// link that had focus is gone: move focus to the results' heading so keyboard users keep their place.
document.addEventListener("htmx:afterSettle", function (event) {
  var trigger = event.detail && event.detail.elt;
  if (trigger && trigger.hasAttribute && trigger.hasAttribute("data-focus-results")) {
    var heading = document.getElementById("results-heading");
    if (heading) {
      heading.focus();
    }
  }
});
