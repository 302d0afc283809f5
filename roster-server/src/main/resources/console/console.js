// Roster console: copy buttons and the CSRF header for htmx requests. No inline scripts (the CSP forbids them).
(function () {
  "use strict";
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : null;
  }
  document.addEventListener("htmx:configRequest", function (e) {
    var t = csrf();
    if (t) { e.detail.headers["X-CSRF-Token"] = t; }
  });
  document.addEventListener("click", function (e) {
    var button = e.target.closest("button[data-copy]");
    if (!button) { return; }
    e.preventDefault();
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      button.setAttribute("aria-live", "polite");
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
    } else {
      field.select();
      try { document.execCommand("copy"); done(); } catch (err) { /* the text stays selected for Ctrl+C */ }
    }
  });
  document.addEventListener("click", function (e) {
    var copyable = e.target.closest("input[data-select-all]");
    if (copyable) { copyable.select(); }
  });
})();
