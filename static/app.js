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

// A wide table scrolls sideways inside its .table--responsive-scroll wrapper. Keyboard users can
// only scroll what can take focus (WCAG 2.1.1), so a wrapper that actually overflows becomes a
// focusable region named by its table's caption; one that fits stays out of the tab order.
function markScrollableTables(root) {
  var wrappers = (root || document).querySelectorAll(".table--responsive-scroll");
  Array.prototype.forEach.call(wrappers, function (wrapper) {
    if (wrapper.scrollWidth > wrapper.clientWidth) {
      var caption = wrapper.querySelector("caption");
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
    } else if (wrapper.getAttribute("tabindex") === "0") {
      wrapper.removeAttribute("tabindex");
      wrapper.removeAttribute("role");
      wrapper.removeAttribute("aria-label");
    }
  });
}

document.addEventListener("DOMContentLoaded", function () {
  markScrollableTables(document);
});
document.addEventListener("htmx:afterSettle", function () {
  markScrollableTables(document);
});
var resizeTimer = null;
window.addEventListener("resize", function () {
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(function () {
    markScrollableTables(document);
  }, 150);
});
