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

  // The phone's menu: "Menu" opens and closes the links (without scripts it opens them as its #target).
  var header = document.querySelector("header.top");
  var menu = header && header.querySelector(".menu-button");
  if (menu) {
    menu.setAttribute("role", "button");
    menu.setAttribute("aria-expanded", "false");
    menu.addEventListener("click", function (event) {
      event.preventDefault();
      var open = header.classList.toggle("open");
      menu.setAttribute("aria-expanded", String(open));
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        menu.click();
      }
    });
  }
  document.querySelectorAll("header.top nav a.active").forEach(function (link) {
    link.setAttribute("aria-current", "page");
  });

  // The skip link's target, on a page whose main has no id of its own.
  var main = document.querySelector("main");
  if (main && !main.id) {
    main.id = "main";
  }

  // Filters fold away on a phone, unless one of them has an error to show.
  if (window.matchMedia("(max-width: 699px)").matches) {
    document.querySelectorAll("details.fold[open]").forEach(function (fold) {
      if (!fold.querySelector(".field-error")) {
        fold.removeAttribute("open");
      }
    });
  }

  // Tables too wide for a phone become cards there (console.css): each cell carries its column's name as
  // data-label, and the roles keep them a table for screen readers once the cells are laid out as blocks.
  // A narrow table that fits stays a table; the width is looked at again when the window changes size.
  var labelled = [];
  function label(root) {
    var tables = root.querySelectorAll ? Array.prototype.slice.call(root.querySelectorAll("table")) : [];
    var own = root.closest && root.closest("table");
    if (own) {
      tables.push(own);
    }
    tables.forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (heads.length < 2) {
        return;
      }
      table.setAttribute("role", "table");
      table.querySelectorAll("tr").forEach(function (row) {
        row.setAttribute("role", "row");
      });
      heads.forEach(function (head) {
        head.setAttribute("role", "columnheader");
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          var head = heads[column];
          cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
          cell.setAttribute("data-label", head ? head.textContent.trim() : "");
          column += cell.colSpan || 1;
        });
      });
      if (labelled.indexOf(table) < 0) {
        labelled.push(table);
      }
      fit(table);
    });
  }
  var phone = window.matchMedia("(max-width: 699px)");
  function fit(table) {
    table.classList.remove("cards");
    // More than four columns squeeze each into a sliver even when they fit.
    if (phone.matches && (table.querySelectorAll("thead th").length > 4
        || table.offsetWidth > table.parentElement.clientWidth + 1)) {
      table.classList.add("cards");
    }
  }
  label(document);
  document.addEventListener("htmx:load", function (event) {
    label(event.detail.elt);
  });
  var refit = null;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(refit);
    refit = requestAnimationFrame(function () {
      labelled = labelled.filter(function (table) { return document.contains(table); });
      labelled.forEach(fit);
    });
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
