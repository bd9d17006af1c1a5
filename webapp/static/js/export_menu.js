/* The export menu (templates/export_menu.html): download the nodes the page's graph view
 * shows (window.gv, a PolicyGraph.GraphView) through /export?keys=..., or the view as PNG. */
(function (global) {
  "use strict";

  function download(href, name) {
    var a = document.createElement("a");
    a.href = href;
    if (name) a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function attach(menu) {
    var format = menu.querySelector(".export-format");
    menu.querySelector(".export-download").addEventListener("click", function () {
      if (!global.gv) return;
      var args = new URLSearchParams();
      args.set("keys", global.gv.visibleKeys().join(","));
      args.set("format", format.value);
      download(menu.getAttribute("data-export-path") + "?" + args.toString());
    });
    menu.querySelector(".export-png").addEventListener("click", function () {
      if (global.gv) download(global.gv.toPNG(), "policygraph-view.png");
    });
  }

  document.querySelectorAll("[data-export-menu]").forEach(attach);
})(window);
