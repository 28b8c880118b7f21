// Herald console: the few behaviours plain HTML lacks. No inline scripts (the pages' CSP forbids them).
(function () {
  "use strict";

  // htmx requests carry the CSRF token in a header, like forms carry it in a hidden field.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    var header = document.querySelector('meta[name="csrf-header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // Copy buttons: data-copy names the element whose text to copy.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) {
      return;
    }
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) {
      return;
    }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  });

  // "Insert a variable": {{name}} goes where the cursor was in the text last written in (template and task forms).
  var lastText = null;
  document.addEventListener("focusin", function (event) {
    var field = event.target;
    if (field.matches && field.matches("form textarea:not(#samples), form input[type=text]:not([data-variable-name])")
        && field.closest(".channel-fields")) {
      lastText = field;
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-insert-variable]");
    if (!button) {
      return;
    }
    var input = button.closest(".insert-variable").querySelector("[data-variable-name]");
    var name = input.value.trim().replace(/[{}\s]/g, "");
    var field = lastText || document.querySelector(".channel-fields textarea");
    if (!name || !field) {
      input.focus();
      return;
    }
    var at = typeof field.selectionStart === "number" ? field.selectionStart : field.value.length;
    var end = typeof field.selectionEnd === "number" ? field.selectionEnd : at;
    var tag = "{{" + name + "}}";
    field.value = field.value.substring(0, at) + tag + field.value.substring(end);
    field.focus();
    field.setSelectionRange(at + tag.length, at + tag.length);
    // the preview follows typed text through the input event (htmx)
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });

  // The dashboard's chart of the last seven days.
  function drawWeek() {
    var canvas = document.getElementById("week-chart");
    var data = document.getElementById("week-data");
    if (!canvas || !data || typeof Chart === "undefined") {
      return;
    }
    var days = JSON.parse(data.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: days.map(function (d) { return d.key.substring(5); }),
        datasets: [
          { label: "Delivered", data: days.map(function (d) { return d.delivered; }), backgroundColor: "#2e9d5b" },
          { label: "Failed", data: days.map(function (d) { return d.failed; }), backgroundColor: "#d64545" },
          { label: "Other", data: days.map(function (d) { return d.total - d.delivered - d.failed; }), backgroundColor: "#9db4e8" }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  window.addEventListener("load", drawWeek);

  // The providers page's outcomes per connection.
  function drawProviders() {
    var canvas = document.getElementById("providers-chart");
    var data = document.getElementById("providers-data");
    if (!canvas || !data || typeof Chart === "undefined") {
      return;
    }
    var rows = JSON.parse(data.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return (r.name || r.provider) + " (" + r.channel + ")"; }),
        datasets: [
          { label: "Delivered", data: rows.map(function (r) { return r.delivered; }), backgroundColor: "#2e9d5b" },
          { label: "Undelivered", data: rows.map(function (r) { return r.undelivered; }), backgroundColor: "#e0a030" },
          { label: "Failed", data: rows.map(function (r) { return r.failed; }), backgroundColor: "#d64545" },
          { label: "Awaiting report", data: rows.map(function (r) {
              return Math.max(0, r.sent - r.delivered - r.undelivered); }), backgroundColor: "#9db4e8" }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: "y",
        scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  window.addEventListener("load", drawProviders);
})();
