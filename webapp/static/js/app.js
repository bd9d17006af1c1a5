/*
 * Page glue for the explorer: search suggestions while typing, and the graph on pages
 * that carry one. Data arrives as JSON (from <script type="application/json"> blocks
 * written with |tojson, or from the JSON endpoints) and is put in the page with
 * textContent only.
 */
(function (global) {
  "use strict";
  const TR = JSON.parse(document.getElementById("i18n").textContent);
  const SUGGEST_LIMIT = 8;
  const SUGGEST_DELAY_MS = 120;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function displayName(node) {
    const p = node.properties || {};
    if (TR.lang === "en" && p.name_en) return String(p.name_en);
    return String(p.name || p.name_en || node.key);
  }

  function keyPath(key) { return encodeURIComponent(key).replace(/%3A/gi, ":"); }

  /** Suggestions under a search input; ``onPick(node)`` defaults to opening the node. */
  function attachSuggest(input, onPick) {
    const box = el("div", { class: "suggest", hidden: "hidden", role: "listbox" });
    input.parentNode.appendChild(box);
    let timer = null, items = [], active = -1, seq = 0;
    const pick = onPick || ((node) => { global.location.href = `/node/${keyPath(node.key)}`; });
    const close = () => { box.hidden = true; active = -1; };
    const render = (hits) => {
      items = hits.map((h) => h.node);
      box.replaceChildren(...hits.map((h, i) => el("div", {
        class: "item", role: "option", "data-key": h.node.key,
        onmousedown: (e) => { e.preventDefault(); pick(items[i]); close(); },
      }, el("span", { class: "chip", style: `background:${colourOf(h.node)}` }, labelName(h.node)),
      suggestionText(h.node))));
      box.hidden = !hits.length;
      active = -1;
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (!q) { close(); return; }
      timer = setTimeout(async () => {
        const mine = ++seq;
        const url = `/search.json?q=${encodeURIComponent(q)}&limit=${SUGGEST_LIMIT}`;
        const response = await fetch(url);
        const body = await response.json();
        if (mine === seq && body.ok) render(body.hits);
      }, SUGGEST_DELAY_MS);
    });
    input.addEventListener("keydown", (e) => {
      const options = box.querySelectorAll(".item");
      if (box.hidden || !options.length) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        active = (active + (e.key === "ArrowDown" ? 1 : -1) + options.length) % options.length;
        options.forEach((o, i) => o.classList.toggle("active", i === active));
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        pick(items[active]);
        close();
      } else if (e.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  }

  /** The whole name on the first line (wrapping, never cut), the key on the second. */
  function suggestionText(node) {
    return el("span", { class: "text" },
      el("span", { class: "name", title: displayName(node) }, displayName(node)),
      el("span", { class: "key" }, node.key));
  }

  function labelName(node) {
    const label = (node.labels || [])[0] || "";
    return (TR.labels && TR.labels[label]) || label;
  }

  function colourOf(node) {
    const styles = (global.PolicyGraph && global.PolicyGraph.STYLES) || {};
    const s = styles[(node.labels || [])[0]];
    return s ? s.color : "#607d8b";
  }

  /** The shown nodes go into the address bar, so the view can be shared as it is. */
  function shareUrl(keys, focus) {
    // Keys are kind:id in ASCII; keeping ":" and "," readable makes the link legible.
    const enc = (v) => encodeURIComponent(v).replace(/%3A/gi, ":").replace(/%2C/gi, ",");
    let url = `/view?keys=${enc(keys.join(","))}`;
    if (focus && keys.includes(focus)) url += `&focus=${enc(focus)}`;
    return url;
  }

  const SHARE_MAX = 2000; // longest share link; a longer view is saved under a short id
  const SAVE_DELAY_MS = 400;
  let saveTimer = null;

  /** The share box gets the link itself, or a saved view's /view/<id> when it is long. */
  function showShareLink(share, url, keys, focus) {
    const full = new URL(url, global.location.href).toString();
    clearTimeout(saveTimer);
    if (full.length <= SHARE_MAX) { share.value = full; return; }
    share.value = "";
    share.placeholder = TR.ui.saving_view;
    saveTimer = setTimeout(async () => {
      const response = await fetch("/view/save", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ keys, focus: focus && keys.includes(focus) ? focus : null }),
      });
      const body = await response.json();
      share.value = body.ok ? new URL(body.url, global.location.href).toString() : body.error;
    }, SAVE_DELAY_MS);
  }

  /** The page header's node and relationship counts follow the graph (after expanding). */
  function refreshCounts(nodes, rels) {
    const n = document.getElementById("view-node-count");
    const r = document.getElementById("view-rel-count");
    if (n) n.textContent = String(nodes);
    if (r && rels !== null) r.textContent = String(rels);
  }

  function mountGraph(holder, data, opts) {
    const settings = JSON.parse(document.getElementById("graph-settings").textContent);
    const share = document.getElementById("share-link");
    let view = null;
    const gv = new global.PolicyGraph.GraphView(holder, Object.assign({
      lang: TR.lang,
      maxExpand: settings.MAX_EXPAND,
      maxNodes: settings.MAX_NODES,
      onChange: (keys) => {
        refreshCounts(keys.length, view ? view.edgeSet.length : null);
        if (!share) return;
        const url = shareUrl(keys, opts && opts.focus);
        showShareLink(share, url, keys, opts && opts.focus);
        if (opts && opts.syncAddress) global.history.replaceState(null, "", url);
      },
    }, opts || {}));
    view = gv;
    gv.setData(data);
    global.gv = gv;
    return gv;
  }

  async function loadGraph(holder, url, opts) {
    holder.appendChild(el("div", { class: "pg-loading" }, TR.ui.loading_graph));
    const response = await fetch(url);
    const body = await response.json();
    if (!body.ok) {
      holder.replaceChildren(el("div", { class: "error-box" }, body.error));
      return null;
    }
    return mountGraph(holder, body.graph, opts);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("input[data-suggest]").forEach((input) => {
      const target = input.getAttribute("data-suggest");
      if (target === "open") attachSuggest(input);
      else attachSuggest(input, (node) => { input.value = node.key; });
    });
    document.querySelectorAll("input[data-autosubmit]").forEach((box) => {
      box.addEventListener("change", () => box.form.submit());
    });
    const holder = document.getElementById("graph");
    if (!holder) return;
    const inline = document.getElementById("graph-data");
    const opts = {
      focus: holder.getAttribute("data-focus") || null,
      syncAddress: holder.hasAttribute("data-sync-address"),
      compact: holder.hasAttribute("data-compact"),
      expand: !holder.hasAttribute("data-no-expand"),
      notice: !holder.hasAttribute("data-no-notice"), // the page shows its own notice
    };
    if (holder.hasAttribute("data-schema")) {
      opts.nodeName = (n) => `${labelName(n)} ${Number(n.properties.count || 0).toLocaleString()}`;
      opts.amounts = false; // a schema edge is a pattern, not a payment: no "unknown" amount
    }
    const layout = holder.getAttribute("data-layout");
    if (inline) {
      const gv = mountGraph(holder, JSON.parse(inline.textContent), opts);
      if (layout === "hierarchical") gv.setLayout(layout);
    }
    else if (holder.getAttribute("data-url")) loadGraph(holder, holder.getAttribute("data-url"), opts);
  });

  global.PolicyGraphPage = { attachSuggest, displayName, shareUrl, mountGraph, loadGraph, SHARE_MAX };
})(window);
