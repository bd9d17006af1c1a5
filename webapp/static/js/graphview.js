/*
 * PolicyGraph.GraphView: the one graph component of the explorer and the console.
 *
 *   const gv = new PolicyGraph.GraphView(container, {lang, onSelect(item), onChange(keys),
 *     expandUrl(key), maxExpand, analysisUrl, nodeUrl(key), compact});
 *   gv.setData({nodes: [Node.to_dict()], relationships: [Relationship.to_dict()],
 *               truncated, caps, positions?: {key: [x, y]}, physics?});
 *   gv.addData(sameShape, nearKey?); gv.expand(key); gv.hide(key); gv.undo(); gv.redo();
 *   gv.fit(); gv.toPNG() -> data URL; gv.visibleKeys(); gv.setLayout("force"|"hierarchical");
 *   gv.analyse();
 *
 * Security: data is never rendered as HTML. Canvas labels are plain text, tooltips are
 * DOM elements built with textContent, and so is every panel; there is no innerHTML here.
 * The container gets data-node-count and, once drawn and settled, data-stable="1" and a
 * "pg:stable" event (used by the browser tests and the benchmarks).
 */
(function (global) {
  "use strict";

  // How each label looks comes from the schema (graph/schema.py LABEL_LOOKS, also served
  // at /schema.json), in the page's i18n blob: one palette for the explorer, the console,
  // the legend and the HTML export.
  const LOOKS = readTranslations().looks || { labels: {}, relationship_types: {}, fallback: {} };
  const STYLES = Object.fromEntries(Object.entries(LOOKS.labels)
    .map(([label, look]) => [label, { color: look.color, shape: look.shape }]));
  const FALLBACK_STYLE = { color: (LOOKS.fallback || {}).color || "#607d8b",
    shape: (LOOKS.fallback || {}).shape || "dot" };
  const COMMUNITY_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39"];
  const MONEY_TYPES = new Set(["SUB_FUND_OF", "INVESTS_IN"]);
  const EDGE_LABELS_MAX = 120; // above this many relationships, only amounts are labelled
  const FAN_LABELS_MAX = 8; // a node with more relationships: theirs are not labelled by type
  const LABEL_CHARS = 16;
  const PROMINENT_CHARS = 12; // a line of a key node's caption (two at most)
  const MAX_FIT_SCALE = 1.2;
  // Captions at least this many pixels on screen at the fitted zoom (docs/explorer.md
  // "Legible at the default zoom"): when a view fits only at a small scale, the fonts grow
  // in canvas units instead (vis-network draws no label under scaling.label.drawThreshold).
  const LABEL_MIN_PX = 12;
  const EDGE_LABEL_MIN_PX = 10;
  const NODE_FONT = 12; // canvas units at scale 1
  const GROUP_FONT = 14;
  const PROMINENT_FONT = 16;
  const BIG_VIEW_GROUP_FONT = 20;
  const BIG_VIEW_PROMINENT_FONT = 28;
  const EDGE_FONT = 10;
  const LEGIBLE_MAX_NODES = 60; // above: fonts as they are (150 captions at 12 px would pile up)
  const FONT_FACE = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';
  const STATUSES = LOOKS.statuses || [];

  function readTranslations() {
    const script = document.getElementById("i18n");
    if (script) return JSON.parse(script.textContent);
    return { lang: "zh", ui: {}, labels: {}, rels: {} };
  }

  /** el("div", {class: "x", onclick: f}, "text", child) with text as text nodes only. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** replaceChildren that skips null and false (which it would print as text). */
  function fill(node, ...children) {
    node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  }

  function styleOf(label) { return STYLES[label] || FALLBACK_STYLE; }

  function keyPath(key) { return encodeURIComponent(key).replace(/%3A/gi, ":"); }

  async function fetchJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body;
    try {
      body = await response.json();
    } catch (e) {
      throw new Error(`${response.status} ${response.statusText}`);
    }
    if (!response.ok || body.ok === false) throw new Error(body.error || `HTTP ${response.status}`);
    return body;
  }

  function formatAmount(props, lang) {
    const fmt = (v) => {
      if (lang === "zh") {
        if (Math.abs(v) >= 1e8) return `${+(v / 1e8).toFixed(2)}亿元`;
        if (Math.abs(v) >= 1e4) return `${+(v / 1e4).toFixed(2)}万元`;
        return `${v}元`;
      }
      if (Math.abs(v) >= 1e9) return `CNY ${+(v / 1e9).toFixed(2)} bn`;
      if (Math.abs(v) >= 1e6) return `CNY ${+(v / 1e6).toFixed(2)} m`;
      return `CNY ${v}`;
    };
    if (typeof props.amount === "number") return fmt(props.amount);
    if (typeof props.amount_min === "number" || typeof props.amount_max === "number") {
      const lo = typeof props.amount_min === "number" ? fmt(props.amount_min) : "?";
      const hi = typeof props.amount_max === "number" ? fmt(props.amount_max) : "?";
      return `${lo} – ${hi}`;
    }
    return null;
  }

  class GraphView {
    constructor(container, options) {
      if (!global.vis || !global.vis.Network) throw new Error("vis-network is not loaded");
      this.tr = (options && options.i18n) || readTranslations();
      this.o = Object.assign({
        lang: this.tr.lang || "zh",
        maxExpand: 100,
        expandUrl: (key) => `/node/${keyPath(key)}/neighbours.json`,
        analysisUrl: "/analysis.json",
        subgraphUrl: "/view.json",   // relationships among the shown nodes after an expansion
        maxNodes: 300,
        nodeUrl: (key) => `/node/${keyPath(key)}`,
        onSelect: null,
        onChange: null,
        compact: false,
        nodeName: null,
        expand: true,
        amounts: true, // false for graphs whose edges carry no money (the schema graph)
      }, options || {});
      this.nodes = new Map();
      this.rels = new Map();
      this.shown = new Set();
      this.savedPositions = new Map();
      this.hiddenLabels = new Set();
      this.hiddenTypes = new Set();
      this.undoStack = [];
      this.redoStack = [];
      this.layoutMode = "force";
      this.physics = true;
      this.serverPositions = null;
      this.metrics = null;
      this.truncated = false;
      this.container = container;
      this._build(container);
    }

    // -- text -----------------------------------------------------------------------
    t(name) { return (this.tr.ui && this.tr.ui[name]) || name; }
    labelName(label) { return (this.tr.labels && this.tr.labels[label]) || label; }
    relName(type) { return (this.tr.rels && this.tr.rels[type]) || type; }
    name(node) {
      if (this.o.nodeName) return this.o.nodeName(node);
      const p = node.properties || {};
      if (this.o.lang === "en" && p.name_en) return String(p.name_en);
      return String(p.name || p.name_en || node.key);
    }
    nameOfKey(key) { const n = this.nodes.get(key); return n ? this.name(n) : key; }

    // -- building the component -------------------------------------------------------
    _build(container) {
      container.textContent = "";
      this.root = el("div", { class: "pg-gv" });
      const b = (label, action, title) => el("button", { type: "button", title: title || label,
        onclick: action }, label);
      const zh = this.o.lang === "zh";
      this.btn = {
        fit: b(zh ? "适应窗口" : "Fit", () => this.fit()),
        zoomIn: b("+", () => this.zoom(1.25), zh ? "放大" : "Zoom in"),
        zoomOut: b("−", () => this.zoom(0.8), zh ? "缩小" : "Zoom out"),
        undo: b(zh ? "撤销" : "Undo", () => this.undo()),
        redo: b(zh ? "重做" : "Redo", () => this.redo()),
        hide: b(zh ? "隐藏所选" : "Hide selected", () => this.hideSelected()),
        force: b(zh ? "力导向" : "Force", () => this.setLayout("force")),
        hier: b(zh ? "层级" : "Hierarchical", () => this.setLayout("hierarchical")),
        analyse: b(zh ? "网络分析" : "Analyse", () => this.analyse()),
        png: b("PNG", () => this.downloadPNG()),
      };
      this.status = el("span", { class: "pg-status" });
      const tools = this.o.compact
        ? [this.btn.fit, this.btn.zoomIn, this.btn.zoomOut, this.btn.force, this.btn.hier, this.status]
        : [this.btn.fit, this.btn.zoomIn, this.btn.zoomOut, this.btn.undo, this.btn.redo, this.btn.hide, el("span", { class: "sep" }),
          this.btn.force, this.btn.hier, el("span", { class: "sep" }), this.btn.analyse,
          this.btn.png, this.status];
      this.toolbar = el("div", { class: "pg-toolbar" }, tools);
      this.notice = el("div", { class: "pg-notice", hidden: "hidden" });
      this.canvas = el("div", { class: "pg-canvas" });
      this.legend = el("section", { class: "pg-legend" });
      this.typeFilter = el("section", { class: "pg-types" });
      this.panel = el("section", { class: "pg-panel" });
      this.analysisBox = el("section", { class: "pg-analysis", hidden: "hidden" });
      this.side = el("aside", { class: "pg-side" }, this.panel, this.legend, this.typeFilter,
        this.analysisBox);
      const body = el("div", { class: "pg-body" }, this.canvas, this.o.compact ? null : this.side);
      if (this.o.compact) this.canvas.appendChild(el("div", { class: "pg-legend-float" }));
      this.root.append(this.toolbar, this.notice, body);
      container.appendChild(this.root);
      this._showHint();

      this.nodeSet = new vis.DataSet();
      this.edgeSet = new vis.DataSet();
      this.network = new vis.Network(this.canvas, { nodes: this.nodeSet, edges: this.edgeSet }, {
        autoResize: true,
        layout: { improvedLayout: false, randomSeed: 7 },
        interaction: { hover: true, tooltipDelay: 150, multiselect: true, navigationButtons: false },
        physics: this._forcePhysics(true),
        nodes: { borderWidth: 1, size: 14,
          font: { size: 12, face: FONT_FACE, color: "#1d2733", strokeWidth: 3, strokeColor: "#ffffff" } },
        edges: { smooth: false, width: 1, arrows: { to: { enabled: true, scaleFactor: 0.5 } },
          color: { color: "#a7b3c0", highlight: "#1f4e79", hover: "#1f4e79" },
          font: { size: 10, face: FONT_FACE, color: "#5b6776", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" } },
      });
      this.network.on("beforeDrawing", (ctx) => {
        // An opaque background, so that toPNG() gives a readable image.
        ctx.save();
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.fillStyle = "#ffffff";
        ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
        ctx.restore();
      });
      // Tooltips are our own element, built on hover with textContent: cheaper than a
      // vis title element per node on big views, and never HTML.
      this.tip = el("div", { class: "pg-tooltip", hidden: "hidden" });
      this.canvas.appendChild(this.tip);
      this.network.on("hoverNode", (p) => this._showTip(this._nodeTip(this.nodes.get(p.node)), p));
      this.network.on("hoverEdge", (p) => this._showTip(this._relTip(this.rels.get(p.edge)), p));
      for (const name of ["blurNode", "blurEdge", "dragStart", "zoom"]) {
        this.network.on(name, () => { this.tip.hidden = true; });
      }
      this.network.on("click", (p) => this._onClick(p));
      this.network.on("doubleClick", (p) => {
        if (p.nodes.length && this.isGroup(p.nodes[0])) {
          // one value's sub-group splits no further: its members instead
          const g = this.nodes.get(p.nodes[0]).group;
          if ((g.facets || []).length) this.splitGroup(p.nodes[0]); else this.openGroup(p.nodes[0]);
          return;
        }
        if (p.nodes.length && this.o.expand && !this._isProfile(p.nodes[0])) this.expand(p.nodes[0]);
      });
      this.network.on("stabilizationIterationsDone", () => this._settled());
      this._updateButtons();
    }

    _forcePhysics(enabled) {
      return {
        enabled, solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -70, springLength: 110, springConstant: 0.06,
          avoidOverlap: 0.4 },
        stabilization: { enabled: true, iterations: 200, updateInterval: 50, fit: true },
        maxVelocity: 60, minVelocity: 1,
      };
    }

    _settled() {
      // Physics settles, then stops: the view stays still until the user changes it.
      this.network.setOptions({ physics: { enabled: false } });
      this.fit();
      this._markStable();
    }

    _markStable() {
      this.root.parentNode.setAttribute("data-stable", "1");
      this.container.dispatchEvent(new CustomEvent("pg:stable", { detail: { nodes: this.shown.size } }));
    }

    // -- data ---------------------------------------------------------------------------
    setData(data) {
      this.nodes.clear(); this.rels.clear(); this.shown.clear(); this.savedPositions.clear();
      this.undoStack = []; this.redoStack = [];
      this.metrics = null; this.analysisBox.hidden = true;
      this.nodeSet.clear(); this.edgeSet.clear();
      this.container.removeAttribute("data-stable");
      this._cache(data);
      for (const n of data.nodes || []) this.shown.add(n.key);
      this.truncated = !!data.truncated;
      this.caps = data.caps || {};
      this.serverPositions = data.positions || null;
      this.physics = !this.serverPositions && data.physics !== false;
      if (this.serverPositions) {
        for (const [key, xy] of Object.entries(this.serverPositions)) {
          this.savedPositions.set(key, { x: xy[0], y: xy[1] });
        }
      }
      this.layoutMode = "force";
      this.network.setOptions({
        layout: { hierarchical: { enabled: false } },
        physics: this._forcePhysics(this.physics),
        interaction: { hideEdgesOnDrag: this.shown.size > 500 },
      });
      this._sync();
      this._showNotice();
      if (this.physics && this.shown.size) {
        this.network.stabilize(200); // ends in stabilizationIterationsDone -> physics off
      } else if (!this.physics) {
        this.fit();
        this.network.once("afterDrawing", () => this._markStable());
        this.network.redraw();
      }
      if (!this.shown.size) this._markStable();
      this._updateButtons();
    }

    addData(data, nearKey) {
      this._record();
      this._cache(data);
      const fresh = (data.nodes || []).map((n) => n.key).filter((k) => !this.shown.has(k));
      this._place(fresh, nearKey);
      for (const k of fresh) this.shown.add(k);
      if (data.truncated) { this.truncated = true; this._showNotice(); }
      this._sync();
      if (this.physics && this.layoutMode === "force" && fresh.length) {
        this.network.setOptions({ physics: { enabled: true } });
        this.network.stabilize(120);
      }
      return fresh;
    }

    _cache(data) {
      for (const n of data.nodes || []) this.nodes.set(n.key, n);
      for (const r of data.relationships || []) this.rels.set(r.id, r);
    }

    /** New nodes go on a ring around the node they were expanded from. */
    _place(keys, nearKey) {
      if (!keys.length) return;
      let cx = 0, cy = 0;
      if (nearKey && this.shown.has(nearKey)) {
        const p = this.network.getPositions([nearKey])[nearKey];
        if (p) { cx = p.x; cy = p.y; }
      }
      const radius = 90 + keys.length * 7;
      keys.forEach((k, i) => {
        if (this.savedPositions.has(k) && !nearKey) return;
        const a = (2 * Math.PI * i) / keys.length;
        this.savedPositions.set(k, { x: cx + radius * Math.cos(a), y: cy + radius * Math.sin(a) });
      });
    }

    _record() {
      this.undoStack.push([...this.shown]);
      if (this.undoStack.length > 200) this.undoStack.shift();
      this.redoStack = [];
    }

    _restore(keys) {
      this.shown = new Set(keys);
      this._sync();
    }

    undo() {
      if (!this.undoStack.length) return;
      this.redoStack.push([...this.shown]);
      this._restore(this.undoStack.pop());
    }

    redo() {
      if (!this.redoStack.length) return;
      this.undoStack.push([...this.shown]);
      this._restore(this.redoStack.pop());
    }

    hide(key) {
      if (!this.shown.has(key)) return;
      this._record();
      this.shown.delete(key);
      this._sync();
      this._showHint();
    }

    hideSelected() {
      const keys = this.network.getSelectedNodes();
      if (!keys.length) return;
      this._record();
      for (const k of keys) this.shown.delete(k);
      this._sync();
      this._showHint();
    }

    visibleKeys() { return [...this.shown]; }

    /** Make the vis DataSets match ``shown`` (nodes) and the relationships among them. */
    _sync() {
      const current = new Set(this.nodeSet.getIds());
      const gone = [...current].filter((k) => !this.shown.has(k));
      if (gone.length) {
        const pos = this.network.getPositions(gone);
        for (const [k, p] of Object.entries(pos)) this.savedPositions.set(k, p);
        this.nodeSet.remove(gone);
      }
      const added = [...this.shown].filter((k) => !current.has(k) && this.nodes.has(k));
      const shownRels = this._shownRels();
      const fewRels = shownRels.length <= EDGE_LABELS_MAX;
      this.degree = new Map();
      for (const r of shownRels) {
        for (const k of [r.start, r.end]) this.degree.set(k, (this.degree.get(k) || 0) + 1);
      }
      this.nodeSet.add(added.map((k) => this._visNode(this.nodes.get(k))));
      const wanted = new Set();
      for (const r of shownRels) wanted.add(r.id);
      const edgeIds = new Set(this.edgeSet.getIds());
      this.edgeSet.remove([...edgeIds].filter((id) => !wanted.has(id)));
      this.edgeSet.add([...wanted].filter((id) => !edgeIds.has(id))
        .map((id) => this._visEdge(this.rels.get(id), fewRels)));
      if (fewRels !== this._fewRels) {
        this._fewRels = fewRels;
        this.edgeSet.update(this.edgeSet.getIds().map((id) => ({
          id, label: this._edgeLabel(this.rels.get(id), fewRels) || undefined })));
      }
      this._renderLegend();
      this._renderTypes(shownRels);
      this._updateButtons();
      this.status.textContent = `${this.shown.size} ${this.t("nodes")} · ${this.edgeSet.length} ${this.t("relationships")}`;
      this.container.setAttribute("data-node-count", String(this.shown.size));
      if (this.o.onChange) this.o.onChange(this.visibleKeys());
    }

    _shownRels() {
      const out = [];
      for (const r of this.rels.values()) {
        if (this.shown.has(r.start) && this.shown.has(r.end)) out.push(r);
      }
      return out;
    }

    _visNode(n) {
      const label = (n.labels && n.labels[0]) || "";
      const style = styleOf(label);
      const name = this.name(n);
      const colour = this._colourOf(n.key, style.color);
      const limit = LABEL_CHARS;
      const item = {
        id: n.key,
        label: n.prominent ? this._twoLines(name) : (name.length <= limit ? name : `${name.slice(0, limit)}…`),
        shape: style.shape,
        color: { background: colour, border: colour, highlight: { background: colour, border: "#111" },
          hover: { background: colour, border: "#111" } },
        size: this._sizeOf(n.key),
        font: { size: this._fontPx(NODE_FONT) },
        hidden: this.hiddenLabels.has(label),
      };
      if (n.group || n.size) Object.assign(item, this._groupLook(n));
      if (n.prominent) Object.assign(item, { size: 26, borderWidth: 3, font: this._prominentFont() });
      // The matcher's profile (/match/view): drawn, never stored; a star with a dashed rim.
      if (n.profile) Object.assign(item, { shape: "star", shapeProperties: { borderDashes: [5, 3] },
        color: { background: "#ffd54f", border: "#8a6500", highlight: { background: "#ffd54f", border: "#111" },
          hover: { background: "#ffd54f", border: "#111" } } });
      const p = this.savedPositions.get(n.key);
      if (p) { item.x = p.x; item.y = p.y; }
      return item;
    }

    _edgeLabel(r, fewRels) {
      // A bare "unknown" on an edge reads as an unknown relationship: name the type too
      // while there is room for labels; on crowded views only the amounts are labelled.
      if (this._isMoney(r)) {
        const amount = this._amountText(r.properties || {});
        return fewRels ? `${this.relName(r.type)} · ${amount}` : amount;
      }
      // A fan of many relationships from one node: its type names would pile up there.
      const fan = this.degree && Math.max(this.degree.get(r.start) || 0, this.degree.get(r.end) || 0);
      return fewRels && !(fan > FAN_LABELS_MAX) ? this.relName(r.type) : "";
    }

    /** The amount, or "unknown" with the source's own words: never a made-up 0. */
    _amountText(p) {
      const known = formatAmount(p, this.o.lang);
      if (known) return known;
      return p.amount_text ? `${this.t("unknown")} (${p.amount_text})` : this.t("unknown");
    }

    _isMoney(r) {
      if (!this.o.amounts) return false;
      const p = r.properties || {};
      return MONEY_TYPES.has(r.type) || "amount" in p || "amount_text" in p || "amount_min" in p;
    }

    _visEdge(r, fewRels) {
      return {
        id: r.id, from: r.start, to: r.end,
        label: this._edgeLabel(r, fewRels) || undefined,
        hidden: this.hiddenTypes.has(r.type),
        dashes: (r.properties || {}).status === "derived",
        width: this._isMoney(r) ? 2 : 1,
        color: this._isMoney(r) ? { color: "#d4a017", highlight: "#8a6500", hover: "#8a6500" } : undefined,
      };
    }

    _nodeTip(n) {
      const p = n.properties || {};
      const label = (n.labels && n.labels[0]) || "";
      const other = this.o.lang === "en" ? p.name : p.name_en;
      return el("div", { class: "pg-tip" },
        el("div", { class: "t" }, this.name(n)),
        other && other !== this.name(n) ? el("div", {}, other) : null,
        el("div", {}, this.labelName(label), p.status ? ` · ${this._statusName(p.status)}` : ""),
        el("div", { class: "k" }, n.key));
    }

    _relTip(r) {
      const p = r.properties || {};
      const amount = this._isMoney(r) ? this._amountText(p) : null;
      return el("div", { class: "pg-tip" },
        el("div", { class: "t" }, `${this.relName(r.type)} (${r.type})`),
        el("div", {}, `${this.nameOfKey(r.start)} → ${this.nameOfKey(r.end)}`),
        amount ? el("div", {}, `${this.t("amount")}: ${amount}`) : null,
        p.status ? el("div", {}, this._statusName(p.status)) : null);
    }

    _showTip(content, p) {
      const x = p.pointer.DOM.x, y = p.pointer.DOM.y;
      fill(this.tip, content);
      this.tip.hidden = false;
      const w = this.canvas.clientWidth;
      this.tip.style.left = `${Math.min(x + 14, Math.max(0, w - 330))}px`;
      this.tip.style.top = `${y + 14}px`;
    }

    _statusName(status) { return this.t(`status_${status}`) || status; }

    // A node that is drawn but not stored (the matcher's profile) has its own page.
    _isProfile(key) { const n = this.nodes.get(key); return Boolean(n && n.profile); }
    _pageOf(key) { const n = this.nodes.get(key); return n && n.profile ? n.profile.url : this.o.nodeUrl(key); }

    // -- legend and filters -------------------------------------------------------------
    _renderLegend() {
      const counts = new Map();
      for (const k of this.shown) {
        const n = this.nodes.get(k);
        const label = (n && n.labels && n.labels[0]) || "";
        counts.set(label, (counts.get(label) || 0) + 1);
      }
      const items = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([label, n]) => el("div", {
        class: `pg-legend-item${this.hiddenLabels.has(label) ? " off" : ""}`,
        title: this.o.lang === "zh" ? "点击显示/隐藏" : "Click to show or hide",
        onclick: () => this.toggleLabel(label),
      }, el("span", { class: "pg-shape", style: `background:${styleOf(label).color}` }),
      el("span", { class: "pg-legend-name" }, this.labelName(label)), el("span", { class: "n" }, String(n))));
      fill(this.legend, el("h4", {}, this.t("labels")), ...items);
    }

    _renderTypes(shownRels) {
      const counts = new Map();
      for (const r of shownRels || this._shownRels()) counts.set(r.type, (counts.get(r.type) || 0) + 1);
      const items = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([type, n]) => el("div", {
        class: `pg-type-item${this.hiddenTypes.has(type) ? " off" : ""}`,
        onclick: () => this.toggleType(type),
      }, el("input", { type: "checkbox", ...(this.hiddenTypes.has(type) ? {} : { checked: "checked" }) }),
      this.relName(type), el("span", { class: "n" }, String(n))));
      fill(this.typeFilter, el("h4", {}, this.t("rel_types")), ...items);
    }

    toggleLabel(label) {
      if (this.hiddenLabels.has(label)) this.hiddenLabels.delete(label); else this.hiddenLabels.add(label);
      const hidden = this.hiddenLabels.has(label);
      this.nodeSet.update(this.nodeSet.getIds()
        .filter((k) => ((this.nodes.get(k).labels || [])[0] || "") === label)
        .map((k) => ({ id: k, hidden })));
      this._renderLegend();
    }

    toggleType(type) {
      if (this.hiddenTypes.has(type)) this.hiddenTypes.delete(type); else this.hiddenTypes.add(type);
      const hidden = this.hiddenTypes.has(type);
      this.edgeSet.update(this.edgeSet.getIds().filter((id) => this.rels.get(id).type === type)
        .map((id) => ({ id, hidden })));
      this._renderTypes();
    }

    // -- layout -------------------------------------------------------------------------
    setLayout(mode) {
      this.layoutMode = mode;
      if (mode === "hierarchical") {
        this.network.setOptions({
          layout: { hierarchical: { enabled: true, direction: "LR", sortMethod: "directed",
            shakeTowards: "roots", levelSeparation: 340, nodeSpacing: 60 } },
          physics: { enabled: false },
        });
      } else {
        this.network.setOptions({ layout: { hierarchical: { enabled: false } } });
        if (this.physics) {
          this.network.setOptions({ physics: this._forcePhysics(true) });
          this.network.stabilize(200);
        } else if (this.serverPositions) {
          this.nodeSet.update(this.nodeSet.getIds().filter((k) => this.serverPositions[k])
            .map((k) => ({ id: k, x: this.serverPositions[k][0], y: this.serverPositions[k][1] })));
        }
      }
      this.fit();
      this._updateButtons();
    }

    zoom(factor) {
      this.network.moveTo({ scale: this.network.getScale() * factor });
    }

    fit() {
      this.network.fit({ animation: false });
      // A handful of nodes would otherwise be blown up to fill the whole canvas.
      if (this.network.getScale() > MAX_FIT_SCALE) this.network.moveTo({ scale: MAX_FIT_SCALE });
      this._legible();
    }

    /** A font size in canvas units that draws ``px`` pixels on screen at the fitted scale. */
    _fontPx(px) { return Math.max(px, px * LABEL_MIN_PX / NODE_FONT / (this.fitScale || 1)); }

    /** Every caption at least LABEL_MIN_PX (edge labels EDGE_LABEL_MIN_PX) on screen at
     * the scale the view was fitted to: fonts set in canvas units from that scale, so
     * zooming in or out afterwards scales them as usual. */
    _legible() {
      const scale = this.network.getScale();
      if (!(scale > 0)) return;
      this.bigView = this.shown.size > LEGIBLE_MAX_NODES;
      this.fitScale = this.bigView ? 1 : Math.min(scale, 1);
      const node = this._fontPx(NODE_FONT), group = this._groupFont();
      this.nodeSet.update(this.nodeSet.getIds().map((k) => {
        const n = this.nodes.get(k);
        if (n && n.prominent) return { id: k, font: this._prominentFont() };
        return { id: k, font: { size: n && (n.group || n.size) ? group : node } };
      }));
      const edge = Math.max(EDGE_FONT, EDGE_LABEL_MIN_PX / this.fitScale);
      this.network.setOptions({ edges: { font: { size: edge } } });
    }

    /** A key node's whole name in at most two lines of PROMINENT_CHARS (a tree's plan
     * caption would otherwise run under its leaves' captions). */
    _twoLines(name) {
      if (name.length <= PROMINENT_CHARS) return name;
      const rest = name.slice(PROMINENT_CHARS);
      return `${name.slice(0, PROMINENT_CHARS)}\n${rest.length > PROMINENT_CHARS ? `${rest.slice(0, PROMINENT_CHARS - 1)}…` : rest}`;
    }

    /** A preset's key nodes (the national fund, the plan, the province): larger, bold. */
    _prominentFont() {
      return { size: this.bigView ? BIG_VIEW_PROMINENT_FONT : this._fontPx(PROMINENT_FONT), color: "#0b1520", strokeWidth: 4 };
    }

    /** Group captions: 14 px at the fitted zoom; on a big view, 20 canvas units (still
     * drawn when 150 nodes fit the canvas, where plain captions are not). */
    _groupFont() { return this.bigView ? BIG_VIEW_GROUP_FONT : this._fontPx(GROUP_FONT); }

    /** The on-screen font size of each drawn node's caption, in pixels: {key: px}. */
    labelPixels() {
      const scale = this.network.getScale();
      const out = {};
      for (const item of this.nodeSet.get()) {
        if (item.hidden) continue;
        out[item.id] = ((item.font && item.font.size) || NODE_FONT) * scale;
      }
      return out;
    }

    // -- expansion ----------------------------------------------------------------------
    async expand(key, opts) {
      const { type = null, offset = 0, all = false } = opts || {};
      const url = new URL(this.o.expandUrl(key), global.location.href);
      url.searchParams.set("limit", String(this.o.maxExpand));
      if (offset) url.searchParams.set("offset", String(offset));
      if (type) url.searchParams.set("type", type);
      this._panelMessage(this.o.lang === "zh" ? "正在展开…" : "Expanding…");
      let page;
      try {
        page = await fetchJSON(url.toString());
      } catch (e) {
        this._panelMessage(e.message, true);
        throw e;
      }
      if (!all && !type && !offset && page.total > this.o.maxExpand) {
        this._showChooser(key, page);
        return page;
      }
      this._addPage(key, page, type);
      await this._completeRelationships();
      return page;
    }

    /** An expansion brings the relationships to the expanded node; fetch the others
     * among the shown nodes too (a new enterprise's link to a policy already shown). */
    async _completeRelationships() {
      const keys = this.visibleKeys();
      if (!this.o.subgraphUrl || keys.length > this.o.maxNodes) return;
      const url = new URL(this.o.subgraphUrl, global.location.href);
      url.searchParams.set("keys", keys.join(","));
      url.searchParams.set("layout", "none");
      const body = await fetchJSON(url.toString());
      const before = this.rels.size;
      this._cache({ relationships: body.graph.relationships });
      if (this.rels.size !== before) this._sync();
    }

    _addPage(key, page, type) {
      const data = { nodes: page.items.map((i) => i.node), relationships: page.items.map((i) => i.relationship) };
      const fresh = this.addData(data, key);
      const shownTo = page.offset + page.items.length;
      const rest = page.total - shownTo;
      const zh = this.o.lang === "zh";
      const parts = [el("div", { class: "pg-title" }, this.nameOfKey(key)),
        el("div", {}, zh ? `新增 ${fresh.length} 个节点（第 ${page.offset + 1}–${shownTo} 个，共 ${page.total.toLocaleString()} 个）`
          : `Added ${fresh.length} nodes (${page.offset + 1}–${shownTo} of ${page.total.toLocaleString()})`)];
      if (rest > 0) {
        parts.push(el("div", { class: "pg-actions" }, el("button", { type: "button", class: "pg-more",
          onclick: () => this.expand(key, { type, offset: shownTo, all: true }) },
        zh ? `再加载 ${Math.min(rest, this.o.maxExpand)} 个（还有 ${rest.toLocaleString()} 个）`
          : `${Math.min(rest, this.o.maxExpand)} more (${rest.toLocaleString()} left)`)));
      }
      fill(this.panel, ...parts);
    }

    _showChooser(key, page) {
      const zh = this.o.lang === "zh";
      const buttons = Object.entries(page.counts).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])
        .map(([type, n]) => el("button", { type: "button", "data-type": type,
          onclick: () => this.expand(key, { type }) },
        el("span", {}, this.relName(type)), el("span", {}, n.toLocaleString())));
      fill(this.panel, 
        el("div", { class: "pg-title" }, this.nameOfKey(key)),
        el("p", {}, zh ? `该节点有 ${page.total.toLocaleString()} 个关联节点，超过每次展开上限 MAX_EXPAND=${this.o.maxExpand}。请选择关系类型：`
          : `This node has ${page.total.toLocaleString()} neighbours, more than MAX_EXPAND=${this.o.maxExpand} per step. Choose a relationship type:`),
        el("div", { class: "pg-chooser" }, buttons,
          el("button", { type: "button", class: "pg-first", onclick: () => this._addPage(key, page, null) },
            el("span", {}, zh ? `先显示前 ${this.o.maxExpand} 个（全部类型）` : `First ${this.o.maxExpand} (all types)`),
            el("span", {}, ""))));
    }

    // -- selection and the side panel --------------------------------------------------
    _onClick(p) {
      if (p.nodes.length && this.isGroup(p.nodes[0])) { this.openGroup(p.nodes[0]); return; }
      if (p.nodes.length) this.select({ type: "node", key: p.nodes[0] });
      else if (p.edges.length) this.select({ type: "relationship", id: p.edges[0] });
      else this._showHint();
    }

    select(what) {
      let item;
      if (what.type === "node") {
        const node = this.nodes.get(what.key);
        if (!node) return;
        item = { type: "node", node };
        this._renderNodePanel(node);
      } else {
        const relationship = this.rels.get(what.id);
        if (!relationship) return;
        item = { type: "relationship", relationship };
        this._renderRelPanel(relationship);
      }
      if (this.o.onSelect) this.o.onSelect(item);
    }

    // -- groups (docs/explorer.md "Groups"): a node standing for many ------------------
    isGroup(key) { const n = this.nodes.get(key); return Boolean(n && n.group); }

    /** Group nodes and sized nodes (cities by their enterprises): size by log count,
     * the whole caption ("企业 ×283") kept. */
    _groupLook(n) {
      const count = n.group ? n.group.count : n.size;
      // A larger caption than plain nodes: still drawn when 150 nodes fit the canvas.
      const look = { size: 12 + 7 * Math.log10(1 + (count || 0)), label: this.name(n),
        font: { size: this._groupFont() } };
      if (n.group) Object.assign(look, { borderWidth: 3, shapeProperties: { borderDashes: [4, 3] } });
      return look;
    }

    /** Click on a group: its members in the side panel, paged, with a search box. */
    async openGroup(key, q = "", offset = 0) {
      const zh = this.o.lang === "zh";
      const n = this.nodes.get(key);
      const url = new URL("/group.json", global.location.href);
      url.searchParams.set("key", key);
      url.searchParams.set("limit", "20");
      if (q) url.searchParams.set("q", q);
      if (offset) url.searchParams.set("offset", String(offset));
      let page;
      try { page = await fetchJSON(url.toString()); } catch (e) { this._panelMessage(e.message, true); throw e; }
      const search = el("input", { type: "search", class: "pg-group-q", value: q,
        placeholder: zh ? "在组内搜索" : "Search this group" });
      search.addEventListener("keydown", (e) => { if (e.key === "Enter") this.openGroup(key, search.value.trim()); });
      const facets = page.group.facets || [];
      const chooser = facets.length ? el("select", { class: "pg-facet" },
        ...facets.map((f) => el("option", { value: f }, this.t(`facet_${f}`)))) : null;
      const members = page.items.map((m) => el("li", { "data-key": m.key },
        el("a", { href: this.o.nodeUrl(m.key) }, this.name(m)), " ",
        el("button", { type: "button", class: "pg-pull", onclick: () => this.pullOut(m.key, key) },
          zh ? "加入视图" : "Add to view")));
      const end = page.offset + page.items.length;
      fill(this.panel,
        el("div", { class: "pg-title" }, this.name(n)),
        el("div", { class: "key" }, key),
        el("div", { class: "pg-actions" }, search,
          chooser, chooser ? el("button", { type: "button", class: "pg-split",
            onclick: () => this.splitGroup(key, chooser.value) }, zh ? "拆分" : "Split") : null,
          el("button", { type: "button", onclick: () => this.hide(key) }, zh ? "隐藏" : "Hide")),
        el("div", { class: "small" }, zh ? `第 ${page.total ? page.offset + 1 : 0}–${end} 个，共 ${page.total.toLocaleString()} 个`
          : `${page.total ? page.offset + 1 : 0}–${end} of ${page.total.toLocaleString()}`),
        el("ul", { class: "pg-members" }, members),
        el("div", { class: "pg-actions" },
          page.offset > 0 ? el("button", { type: "button", class: "pg-prev",
            onclick: () => this.openGroup(key, q, Math.max(0, page.offset - 20)) }, "←") : null,
          page.has_more ? el("button", { type: "button", class: "pg-next",
            onclick: () => this.openGroup(key, q, end) }, "→") : null));
      return page;
    }

    /** Expand a group: sub-groups by a facet (city, industry ...) replace it. */
    async splitGroup(key, facet) {
      const url = new URL("/group/facets.json", global.location.href);
      url.searchParams.set("key", key);
      if (facet) url.searchParams.set("facet", facet);
      let body;
      try { body = await fetchJSON(url.toString()); } catch (e) { this._panelMessage(e.message, true); throw e; }
      if (!body.graph.nodes.length) return body;
      this.addData(body.graph, key);
      this.shown.delete(key);
      this._sync();
      return body;
    }

    /** Pull one member out of a group into the view, tied to the group's node. */
    async pullOut(memberKey, groupKey) {
      const g = this.nodes.get(groupKey).group;
      const url = new URL(this.o.subgraphUrl || "/view.json", global.location.href);
      url.searchParams.set("keys", [memberKey, g.of].join(","));
      url.searchParams.set("layout", "none");
      const body = await fetchJSON(url.toString());
      const fresh = this.addData(body.graph, g.of);
      this.shown.add(g.of);
      this._sync();
      return fresh;
    }

    _showHint() {
      const zh = this.o.lang === "zh";
      this._panelMessage(zh ? "单击节点或关系查看详情；双击节点展开关联。"
        : "Click a node or relationship to inspect it; double-click a node to expand it.");
    }

    _panelMessage(text, isError) {
      fill(this.panel, el("div", { class: isError ? "pg-error" : "muted" }, text));
    }

    _propsTable(props, skip) {
      const rows = Object.entries(props || {}).filter(([k]) => !skip.includes(k)).map(([k, v]) =>
        el("tr", {}, el("th", {}, k), el("td", {}, Array.isArray(v) ? v.join("、") : (v === null ? "—" : String(v)))));
      return el("table", {}, rows);
    }

    _provenance(props) {
      const zh = this.o.lang === "zh";
      const status = props.status;
      const parts = [];
      parts.push(el("div", {}, el("span", { class: `badge ${STATUSES.includes(status) ? status : "none"}` },
        status ? this._statusName(status) : this.t("status_none"))));
      if (props.source) {
        parts.push(el("div", {}, `${this.t("source")}: `, el("a", { href: this.o.nodeUrl(props.source) }, props.source)));
      }
      if (props.evidence) parts.push(el("blockquote", {}, props.evidence));
      return el("div", { class: "pg-prov" }, el("h4", {}, zh ? "来源与依据" : "Provenance"), parts);
    }

    _renderNodePanel(n) {
      const zh = this.o.lang === "zh";
      const label = (n.labels && n.labels[0]) || "";
      const p = n.properties || {};
      const actions = el("div", { class: "pg-actions" },
        el("a", { href: this._pageOf(n.key) }, zh ? "打开详情页" : "Open page"),
        this.o.expand && !n.profile ? el("button", { type: "button", onclick: () => this.expand(n.key) }, zh ? "展开" : "Expand") : null,
        el("button", { type: "button", onclick: () => this.hide(n.key) }, zh ? "隐藏" : "Hide"));
      const metric = this.metrics && this.metrics.get(n.key);
      fill(this.panel, 
        el("div", {}, el("span", { class: "chip", style: `background:${styleOf(label).color}` }, this.labelName(label))),
        el("div", { class: "pg-title" }, this.name(n)),
        el("div", { class: "key" }, n.key),
        actions,
        metric ? el("div", { class: "small" }, `degree ${metric.degree} · betweenness ${metric.betweenness.toFixed(3)} · PageRank ${metric.pagerank.toFixed(4)} · community ${metric.community}`) : null,
        this._provenance(p),
        el("h4", {}, this.t("properties")),
        this._propsTable(p, ["evidence", "source", "status"]));
    }

    _renderRelPanel(r) {
      const p = r.properties || {};
      const amount = this._isMoney(r) ? this._amountText(p) : null;
      const link = (key) => el("a", { href: this._pageOf(key) }, this.nameOfKey(key));
      fill(this.panel, 
        el("div", { class: "pg-title" }, `${this.relName(r.type)}`),
        el("div", { class: "key" }, r.type),
        el("div", {}, link(r.start), " → ", link(r.end)),
        amount ? el("div", {}, `${this.t("amount")}: `, el("strong", {}, amount)) : null,
        this._provenance(p),
        el("h4", {}, this.t("properties")),
        this._propsTable(p, ["evidence", "source", "status"]));
    }

    // -- analysis -----------------------------------------------------------------------
    async analyse() {
      const zh = this.o.lang === "zh";
      if (this.metrics) { // second click: back to label colours and plain sizes
        this.metrics = null;
        this.analysisBox.hidden = true;
        this._restyle();
        this._updateButtons();
        return null;
      }
      const url = new URL(this.o.analysisUrl, global.location.href);
      url.searchParams.set("keys", this.visibleKeys().join(","));
      this.analysisBox.hidden = false;
      fill(this.analysisBox, el("div", { class: "muted" }, zh ? "正在计算…" : "Computing…"));
      let result;
      try {
        result = await fetchJSON(url.toString());
      } catch (e) {
        fill(this.analysisBox, el("div", { class: "pg-error" }, e.message));
        throw e;
      }
      this.metrics = new Map(result.ranking.map((r) => [r.key, r]));
      this.maxPagerank = Math.max(...result.ranking.map((r) => r.pagerank), 1e-9);
      this._restyle();
      const head = el("tr", {}, ["#", zh ? "名称" : "Name", zh ? "度" : "Deg", zh ? "介数" : "Betw",
        "PR", zh ? "社区" : "Comm"].map((h) => el("th", {}, h)));
      const rows = result.ranking.slice(0, 50).map((r, i) => el("tr", {},
        el("td", {}, String(i + 1)),
        el("td", { title: this.nameOfKey(r.key), onclick: () => { this.network.selectNodes([r.key]); this.network.focus(r.key, { scale: 1.2 }); this.select({ type: "node", key: r.key }); } }, this.nameOfKey(r.key)),
        el("td", {}, String(r.degree)), el("td", {}, r.betweenness.toFixed(3)),
        el("td", {}, r.pagerank.toFixed(4)),
        el("td", {}, el("span", { class: "pg-shape", style: `background:${COMMUNITY_COLOURS[r.community % COMMUNITY_COLOURS.length]}` }), ` ${r.community}`)));
      fill(this.analysisBox, 
        el("h4", {}, this.t("analysis")),
        el("div", { class: "small muted" }, zh ? `大小 = PageRank，颜色 = 社区（${result.communities.length} 个）`
          : `Size = PageRank, colour = community (${result.communities.length})`),
        el("table", { class: "pg-analysis-table" }, head, rows));
      this._updateButtons();
      return result;
    }

    _colourOf(key, fallback) {
      const m = this.metrics && this.metrics.get(key);
      if (m && m.community !== null && m.community !== undefined) return COMMUNITY_COLOURS[m.community % COMMUNITY_COLOURS.length];
      return fallback;
    }

    _sizeOf(key) {
      const m = this.metrics && this.metrics.get(key);
      return m ? 8 + 30 * Math.sqrt(m.pagerank / this.maxPagerank) : 14;
    }

    _restyle() {
      this.nodeSet.update(this.nodeSet.getIds().map((k) => {
        const n = this.nodes.get(k);
        const c = this._colourOf(k, styleOf((n.labels || [])[0]).color);
        return { id: k, size: this._sizeOf(k), color: { background: c, border: c,
          highlight: { background: c, border: "#111" }, hover: { background: c, border: "#111" } } };
      }));
    }

    // -- export and state ---------------------------------------------------------------
    toPNG() {
      const canvas = this.canvas.querySelector("canvas");
      return canvas.toDataURL("image/png");
    }

    downloadPNG() {
      const a = el("a", { href: this.toPNG(), download: "policygraph.png" });
      document.body.appendChild(a);
      a.click();
      a.remove();
    }

    _showNotice() {
      if (!this.truncated || this.o.notice === false) { this.notice.hidden = true; return; }
      const cap = this.caps && this.caps.MAX_NODES;
      this.notice.hidden = false;
      this.notice.textContent = this.o.lang === "zh"
        ? `结果已截断：只显示前 ${this.shown.size} 个节点${cap ? `（上限 MAX_NODES=${cap}）` : ""}。`
        : `Truncated: showing the first ${this.shown.size} nodes${cap ? ` (cap MAX_NODES=${cap})` : ""}.`;
    }

    _updateButtons() {
      this.btn.undo.disabled = !this.undoStack.length;
      this.btn.redo.disabled = !this.redoStack.length;
      this.btn.force.classList.toggle("on", this.layoutMode === "force");
      this.btn.hier.classList.toggle("on", this.layoutMode === "hierarchical");
      this.btn.analyse.classList.toggle("on", !!this.metrics);
    }
  }

  global.PolicyGraph = Object.assign(global.PolicyGraph || {}, { GraphView, STYLES, formatAmount, el, fetchJSON, keyPath });
})(window);
