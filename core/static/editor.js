/* The SPARQL editor: YASGUI (vendored) on this service's endpoint, one tab per example query.
 * Remote autocompleters (Linked Open Vocabularies) are switched off so the page makes no outside request. */
(function () {
  "use strict";
  var Yasgui = window.Yasgui && window.Yasgui.default ? window.Yasgui.default : window.Yasgui;
  var element = document.getElementById("yasgui");
  var endpoint = new URL(element.getAttribute("data-endpoint"), window.location.href).href;
  var examples = JSON.parse(document.getElementById("examples").textContent);
  var local = ["variables", "prefixes"];
  Yasgui.Yasqe.defaults.autocompleters = local.slice();
  var yasgui = new Yasgui(element, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    yasqe: { autocompleters: local.slice() },
  });
  examples.forEach(function (example, i) {
    yasgui.addTab(i === 0, {
      name: example.summary,
      requestConfig: { endpoint: endpoint, method: "POST" },
      yasqe: { value: example.query },
    });
  });
  if (!examples.length) yasgui.addTab(true, { requestConfig: { endpoint: endpoint, method: "POST" } });
  window.soilkg = window.soilkg || {};
  window.soilkg.yasgui = yasgui;
})();
