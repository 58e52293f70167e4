/* global window, document */
// Tableau's WDC 2.x library is not on npm: use the `tableau` object when the host already
// provides one (a simulator), else load the library from the URL the server configured,
// then the connector itself.
(function () {
  'use strict';
  var self = document.currentScript;

  function fail(message) {
    function show() {
      var status = document.getElementById('status');
      status.textContent = message;
      status.className = 'error';
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
    else show();
  }

  function load(src, next) {
    var script = document.createElement('script');
    script.src = src;
    script.onload = next;
    script.onerror = function () {
      fail('Could not load ' + src + '. Open this page from Tableau Desktop (Connect > To a Server > Web Data Connector).');
    };
    document.head.appendChild(script);
  }

  function connector() {
    load(self.dataset.connector, function () {});
  }

  if (window.tableau && typeof window.tableau.makeConnector === 'function') connector();
  else load(self.dataset.wdcLibrary, connector);
})();
