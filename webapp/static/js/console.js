/* The Cypher console: CodeMirror editor, history in localStorage, results from
 * /cypher.json shown as a graph (PolicyGraph.GraphView), a table and raw JSON.
 * Every value from the database is written with textContent, never as HTML. */
(function () {
  "use strict";

  var HISTORY_KEY = "policygraph.cypher.history";
  var HISTORY_MAX = 100;
  var config = JSON.parse(document.getElementById("console-data").textContent);
  var UI = JSON.parse(document.getElementById("console-ui").textContent);
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, name) { return values[name]; });
  }
  var canned = {};
  config.canned.forEach(function (q) { canned[q.name] = q; });

  var $ = function (id) { return document.getElementById(id); };
  var paramsBox = $("params");
  var statusBox = $("status");
  var errorBox = $("error");
  var lastResult = null;
  var lastRequest = null;
  var historyPos = -1;
  var graph = null;

  var editor = CodeMirror.fromTextArea($("query"), {
    mode: "cypher",
    lineNumbers: true,
    matchBrackets: true,
    autoCloseBrackets: true,
    viewportMargin: Infinity,
    extraKeys: {
      "Ctrl-Enter": function () { run(); },
      "Cmd-Enter": function () { run(); },
      "Ctrl-Up": function () { stepHistory(1); },
      "Ctrl-Down": function () { stepHistory(-1); }
    }
  });
  window.policyGraphConsole = { editor: editor, graph: function () { return graph; } };

  // -- history -----------------------------------------------------------------------
  function loadHistory() {
    try {
      var items = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];  // a corrupt entry (edited by hand) starts a new history
    }
  }

  function remember(query, params) {
    var items = loadHistory().filter(function (h) { return h.query !== query; });
    items.unshift({ query: query, params: params });
    localStorage.setItem(HISTORY_KEY, JSON.stringify(items.slice(0, HISTORY_MAX)));
    historyPos = -1;
  }

  function stepHistory(step) {
    var items = loadHistory();
    if (!items.length) return;
    historyPos = Math.max(0, Math.min(items.length - 1, historyPos + step));
    editor.setValue(items[historyPos].query);
    paramsBox.value = items[historyPos].params || "{}";
  }

  // -- running -----------------------------------------------------------------------
  function requestArgs() {
    var args = new URLSearchParams();
    args.set("query", editor.getValue());
    var params = paramsBox.value.trim();
    if (params && params !== "{}") args.set("params", params);
    if ($("timeout").value) args.set("timeout", $("timeout").value);
    if ($("max-rows").value) args.set("max_rows", $("max-rows").value);
    if (!$("connect").checked) args.set("connect", "0");
    return args;
  }

  function run() {
    var query = editor.getValue().trim();
    if (!query) return;
    var args = requestArgs();
    lastRequest = args;
    remember(editor.getValue(), paramsBox.value.trim());
    statusBox.textContent = UI.running;
    errorBox.hidden = true;
    history.replaceState(null, "", "?" + permalinkArgs(args).toString());
    fetch(config.json_path + "?" + args.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (!body.ok) return showError(body);
        show(body.result);
      })
      .catch(function (e) { showError({ error: String(e) }); });
  }

  function permalinkArgs(args) {
    var link = new URLSearchParams();
    link.set("query", args.get("query"));
    if (args.get("params")) link.set("params", args.get("params"));
    return link;
  }

  function showError(body) {
    statusBox.textContent = "";
    errorBox.hidden = false;
    errorBox.replaceChildren();
    var message = document.createElement("p");
    message.className = "message";
    message.textContent = body.error + (body.status ? " (" + body.status + ")" : "");
    errorBox.appendChild(message);
    if (body.hint) {
      var hint = document.createElement("p");
      hint.className = "hint";
      hint.textContent = UI.hint + ": " + body.hint;
      errorBox.appendChild(hint);
    }
    if (body.docs) {
      var link = document.createElement("a");
      link.href = body.docs;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = fill(UI.differs, { dialect: body.dialect || "" });
      errorBox.appendChild(link);
    }
  }

  function show(result) {
    lastResult = result;
    var c = result.counts;
    var parts = [
      c.rows + " " + UI.rows, c.nodes + " " + UI.nodes, c.relationships + " " + UI.relationships +
        (c.connected ? " + " + c.connected + " " + UI.connected_rels : ""),
      result.elapsed_ms.toFixed(1) + " ms",
      UI.limits + ": " + result.applied.timeout_s + " s, " + result.applied.max_rows + " " + UI.rows +
        " (" + (result.applied.capped_by.length ? result.applied.capped_by.join(", ") : UI.lowered) + ")"
    ];
    statusBox.replaceChildren();
    var text = document.createElement("span");
    text.textContent = parts.join(" · ");
    statusBox.appendChild(text);
    if (result.truncated) {
      var note = document.createElement("strong");
      note.className = "truncated";
      var cap = result.applied.capped_by.indexOf("MAX_ROWS") >= 0 ? "MAX_ROWS" : "max_rows";
      note.textContent = " " + fill(UI.truncated, { n: result.max_rows, cap: cap });
      statusBox.appendChild(note);
    }
    renderTable(result);
    $("tab-json").textContent = JSON.stringify(result, null, 2);
    renderGraph(result);
    updateLinks();
  }

  // -- table -------------------------------------------------------------------------
  function cellText(value) {
    if (value === null || value === undefined) return "null";
    if (typeof value !== "object") return String(value);
    if (value.key && value.labels) {
      var name = value.properties && value.properties.name;
      return "(" + value.key + ")" + (name ? " " + name : "");
    }
    if (value.type && value.start && value.end) return "[:" + value.type + "] " + value.start + " → " + value.end;
    if (value.nodes && value.relationships && "length" in value) {
      return value.nodes.map(function (n) { return n.key; }).join(" – ") + " (" + value.length + " " + UI.hops + ")";
    }
    return JSON.stringify(value);
  }

  function renderTable(result) {
    var table = $("result-table");
    table.replaceChildren();
    var head = table.createTHead().insertRow();
    result.columns.forEach(function (col) {
      var th = document.createElement("th");
      th.textContent = col;
      head.appendChild(th);
    });
    var body = table.createTBody();
    result.records.forEach(function (record) {
      var row = body.insertRow();
      result.columns.forEach(function (col) { row.insertCell().textContent = cellText(record[col]); });
    });
  }

  // -- graph -------------------------------------------------------------------------
  function renderGraph(result) {
    var panel = $("tab-graph");
    if (!window.PolicyGraph || !PolicyGraph.GraphView) {
      panel.textContent = UI.no_graph;
      return;
    }
    if (!graph) {
      // The explorer's defaults: expand through /node/<key>/neighbours.json, its language.
      graph = new PolicyGraph.GraphView(panel, { maxExpand: 100 });
      captionAlways(graph);
    }
    graph.setData({ nodes: result.nodes, relationships: result.relationships, truncated: result.truncated });
    $("png").hidden = !result.nodes.length;
    if (!result.nodes.length) panel.setAttribute("data-empty", UI.no_nodes);
    else panel.removeAttribute("data-empty");
  }

  /** Captions stay drawn when a big result is zoomed out to fit (as Neo4j Browser's). */
  function captionAlways(view) {
    if (view.network) view.network.setOptions({ nodes: { scaling: { label: { drawThreshold: 1 } } } });
  }

  // -- links: permalink and exports ----------------------------------------------------
  function updateLinks() {
    if (!lastRequest) return;
    var link = $("permalink");
    link.href = config.page_path + "?" + permalinkArgs(lastRequest).toString();
    link.hidden = false;
    var exportArgs = permalinkArgs(lastRequest);
    exportArgs.set("format", $("export-format").value);
    var exp = $("export");
    exp.href = config.export_path + "?" + exportArgs.toString();
    exp.hidden = false;
  }

  function downloadPNG() {
    if (!graph) return;
    var url = graph.toPNG();
    var a = document.createElement("a");
    a.href = url;
    a.download = "policygraph-query.png";
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  // -- tabs and menus --------------------------------------------------------------------
  function selectTab(name) {
    document.querySelectorAll("[role=tab]").forEach(function (tab) {
      var on = tab.getAttribute("data-tab") === name;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      $("tab-" + tab.getAttribute("data-tab")).hidden = !on;
    });
    if (name === "graph" && graph && graph.fit) graph.fit();
  }

  function describe(q) {
    return UI.lang === "zh" ? q.description_zh : q.description;
  }

  function chooseCanned(name) {
    var q = canned[name];
    if (!q) return;
    editor.setValue(q.query);
    paramsBox.value = JSON.stringify(q.defaults);
    $("canned-description").textContent = describe(q) +
      (q.params.length ? " " + UI.parameters + ": " + q.params.map(function (p) {
        return p.name + " (" + p.type + ")" + (p.doc ? ": " + p.doc : "");
      }).join("; ") : "");
  }

  document.querySelectorAll("[role=tab]").forEach(function (tab) {
    tab.addEventListener("click", function () { selectTab(tab.getAttribute("data-tab")); });
  });
  $("run").addEventListener("click", run);
  $("canned").addEventListener("change", function (e) { chooseCanned(e.target.value); });
  $("history-prev").addEventListener("click", function () { stepHistory(1); });
  $("history-next").addEventListener("click", function () { stepHistory(-1); });
  $("export-format").addEventListener("change", updateLinks);
  $("png").addEventListener("click", downloadPNG);
  $("connect").addEventListener("change", function () { if (lastRequest) run(); });
  paramsBox.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });

  // A permalink (/cypher?query=... or ?canned=...) opens and runs its query: safe, the
  // console only reads.
  if (config.request.canned && canned[config.request.canned]) {
    $("canned").value = config.request.canned;
    $("canned-description").textContent = describe(canned[config.request.canned]);
  }
  if (config.request.query) run();
})();
