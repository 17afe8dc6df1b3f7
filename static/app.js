// Forebyg's own script: start the design system's components. Loaded from a file, never inline (CSP).
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});
