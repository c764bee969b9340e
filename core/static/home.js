/* Home page search: GET /api/search?q= -> [{id, iri, label, kind, country}], shown with textContent only. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("results");
  var entityBase = document.body.getAttribute("data-entity-base") || "/id/";
  var root = entityBase.replace(/\/id\/$/, "");

  function item(hit) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    var own = typeof hit.href === "string" && /^\/(?![\/\\])/.test(hit.href);  // a path on this site, not //host
    a.href = own ? hit.href : entityBase + encodeURIComponent(hit.id);
    a.textContent = hit.label || hit.id;
    li.appendChild(a);
    [["kind", hit.kind], ["country", Array.isArray(hit.country) ? hit.country.join(", ") : hit.country]].forEach(function (pair) {
      if (!pair[1]) return;
      var span = document.createElement("span");
      span.className = pair[0];
      span.textContent = pair[1];
      li.appendChild(span);
    });
    return li;
  }

  function search(q) {
    status.textContent = "Searching…";
    fetch(root + "/api/search?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404) throw new Error("search is not available on this server yet");
        if (!response.ok) throw new Error("search failed (" + response.status + ")");
        return response.json();
      })
      .then(function (hits) {
        var list = Array.isArray(hits) ? hits : (hits.results || []);
        results.replaceChildren.apply(results, list.map(item));
        status.textContent = list.length ? list.length + " result" + (list.length > 1 ? "s" : "") : "No match for “" + q + "”.";
      })
      .catch(function (error) { results.replaceChildren(); status.textContent = error.message; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value.trim();
    if (q) { history.replaceState(null, "", "?q=" + encodeURIComponent(q)); search(q); }
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; search(initial); }
})();
