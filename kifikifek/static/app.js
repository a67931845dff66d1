// Optional: keeps a draft on this phone until it is sent; quick exit leaves
// no trace. Everything works without it.
(function () {
  "use strict";
  var KEY = "kifikifek-draft";
  var store = window.localStorage;
  function forget() {
    try { store.removeItem(KEY); sessionStorage.clear(); } catch (e) {}
  }
  document.querySelectorAll("a.exit").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      forget();
      location.replace(link.href);
    });
  });
  if (document.body.hasAttribute("data-filed")) { forget(); return; }
  var form = document.getElementById("report");
  if (!form) { return; }
  function fields() {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && field.name !== "csrf_token";
    });
  }
  function ticked(field) { return /checkbox|radio/.test(field.type); }
  function save() {
    var draft = {};
    fields().forEach(function (field) {
      if (!ticked(field) || field.checked) { draft[field.name] = field.value; }
    });
    try { store.setItem(KEY, JSON.stringify(draft)); } catch (e) {}
  }
  function restore(draft) {
    fields().forEach(function (field) {
      if (ticked(field)) {
        field.checked = draft[field.name] === field.value;
      } else if (field.name in draft) {
        field.value = draft[field.name];
      }
    });
  }
  var saved = null;
  try { saved = JSON.parse(store.getItem(KEY)); } catch (e) {}
  var offer = document.getElementById("draft");
  if (saved && offer && !form.hasAttribute("data-errors")) {
    offer.hidden = false;
    offer.addEventListener("click", function (event) {
      var choice = event.target.getAttribute("data-draft");
      if (choice === "restore") { restore(saved); } else if (choice) { forget(); }
      if (choice) { offer.hidden = true; }
    });
  }
  var timer;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(save, 300);
  });
  form.addEventListener("change", save);
})();
