// Progressive enhancement for the practice library: the page works as plain GET forms and links;
// with this script, typing searches as you type and facet toggles update the results in place.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // On a phone the filters start closed, so the results come first; wider screens show them beside the results.
  if (window.matchMedia && window.matchMedia("(max-width: 59.99rem)").matches) {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-close-on-phone]"), function (d) { d.open = false; });
  }

  var form = document.querySelector("form[data-live-search]");
  if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;

  var regions = Array.prototype.map.call(document.querySelectorAll("[data-live-region]"), function (e) { return e.id; });
  var status = document.getElementById(form.getAttribute("data-status"));
  var timer = 0;
  var controller = null;

  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string" && value.trim() !== "") params.append(key, value);
    });
    var query = params.toString();
    return form.action.split("?")[0] + (query ? "?" + query : "");
  }

  function update(url, push) {
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var focusedId = document.activeElement && document.activeElement.id;
    form.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "Accept": "text/html" }, signal: controller ? controller.signal : undefined, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        regions.forEach(function (id) {
          var current = document.getElementById(id);
          var fresh = next.getElementById(id);
          if (current && fresh) current.innerHTML = fresh.innerHTML;
        });
        var freshStatus = status && next.getElementById(status.id);
        if (freshStatus) status.textContent = freshStatus.textContent;
        if (next.title) document.title = next.title;
        if (push) history.pushState({ live: true }, "", url); else history.replaceState({ live: true }, "", url);
        var again = focusedId && document.getElementById(focusedId);
        if (again && again !== document.activeElement) again.focus();
      })
      .catch(function (error) { if (!error || error.name !== "AbortError") window.location.href = url; })
      .then(function () { form.removeAttribute("aria-busy"); });
  }

  form.addEventListener("input", function (event) {
    if (event.target.type !== "search") return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { update(formUrl(), false); }, 250);
  });
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox], select")) update(formUrl(), true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    update(formUrl(), true);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-live-link]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    update(link.href, true);
    var heading = document.getElementById("results-heading");
    if (heading) heading.focus();
  });
  window.addEventListener("popstate", function () { window.location.reload(); });
})();
