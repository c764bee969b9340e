/* Draw every <div class="soilkg-network" data-payload="ID"> with vis-network from the JSON in
 * <script type="application/json" id="ID">. Exposes window.soilkg.networks[divId] =
 * {network, nodes, edges, ready, drawnAt, readyAt} for tests and benchmarks.
 * All text from the data goes into the page with textContent, never innerHTML. */
(function () {
  "use strict";
  var registry = (window.soilkg = window.soilkg || {});
  registry.networks = registry.networks || {};
  var entityBase = document.body.getAttribute("data-entity-base") || "/id/";

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }

  function showDetails(panel, node, edgesOf) {
    if (!panel) return;
    panel.replaceChildren();
    if (!node) {
      panel.appendChild(text("p", "Click an actor to see its relations.", "hint"));
      return;
    }
    panel.appendChild(text("h3", node.fullLabel || node.label || node.id));
    panel.appendChild(text("p", (node.kindLabel || node.kind || "") + (node.countries && node.countries.length ? " · " + node.countries.join(", ") : ""), "meta"));
    var link = document.createElement("a");
    link.href = entityBase + encodeURIComponent(node.id);
    link.textContent = "Open the record";
    panel.appendChild(link);
    var list = document.createElement("ul");
    edgesOf.forEach(function (line) { list.appendChild(text("li", line)); });
    panel.appendChild(list);
  }

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-payload"));
    var data = JSON.parse(source.textContent);
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var physics = !!(data.options.physics && data.options.physics.enabled !== false);
    var entry = { network: null, nodes: nodes, edges: edges, ready: false, drawnAt: null, readyAt: null, id: data.id };
    registry.networks[container.id] = entry;
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    entry.network = network;
    network.once("afterDrawing", function () {
      entry.drawnAt = performance.now();
      if (!physics) { entry.ready = true; entry.readyAt = entry.drawnAt; container.setAttribute("data-ready", "true"); }
    });
    if (physics) {
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: { enabled: false } });
        entry.ready = true; entry.readyAt = performance.now(); container.setAttribute("data-ready", "true");
      });
    }
    var panel = document.getElementById(container.getAttribute("data-details") || "");
    network.on("click", function (params) {
      if (!params.nodes.length) { showDetails(panel, null, []); return; }
      var id = params.nodes[0];
      var lines = network.getConnectedEdges(id).map(function (edgeId) {
        var e = edges.get(edgeId);
        var from = nodes.get(e.from), to = nodes.get(e.to);
        return (from ? from.fullLabel || from.id : e.from) + " — " + (e.kind || "") + " → " + (to ? to.fullLabel || to.id : e.to);
      });
      showDetails(panel, nodes.get(id), lines);
    });
    network.on("doubleClick", function (params) {
      if (params.nodes.length) window.location.href = entityBase + encodeURIComponent(params.nodes[0]);
    });
  }

  function wireSearch(input) {
    var target = registry.networks[input.getAttribute("data-network")];
    if (!target) return;
    input.addEventListener("change", function () {
      var q = input.value.trim().toLowerCase();
      if (!q) return;
      var hit = target.nodes.get({ filter: function (n) {
        return n.id.toLowerCase() === q || String(n.fullLabel || "").toLowerCase().indexOf(q) >= 0 ||
          String(n.label || "").toLowerCase().indexOf(q) >= 0;
      } })[0];
      if (hit) { target.network.selectNodes([hit.id]); target.network.focus(hit.id, { scale: 1.2, animation: false }); }
    });
  }

  document.querySelectorAll(".soilkg-network").forEach(draw);
  document.querySelectorAll("input[data-network]").forEach(wireSearch);
})();
