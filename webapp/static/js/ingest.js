// Review of an ingestion draft: keyboard-friendly accept / reject / edit, then commit.
// Reads and writes the same JSON endpoints a script would (docs/ingest.md).
(function () {
  "use strict";
  const root = document.getElementById("ingest-review");
  if (!root) return;
  const items = Array.from(document.querySelectorAll(".proposal"));
  const status = document.getElementById("ingest-status");
  let current = -1;

  function marks(id) {
    return Array.from(document.querySelectorAll("#ingest-text mark")).filter(
      (m) => m.dataset.ids.split(" ").includes(id));
  }

  function select(i) {
    if (!items.length) return;
    current = (i + items.length) % items.length;
    document.querySelectorAll(".current").forEach((e) => e.classList.remove("current"));
    const item = items[current];
    item.classList.add("current");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
    const found = marks(item.dataset.id);
    found.forEach((m) => m.classList.add("current"));
    if (found.length) found[0].scrollIntoView({ block: "nearest" });
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json();
    if (!data.ok) throw new Error(data.error);
    return data;
  }

  async function decide(list) {
    try {
      const data = await post(root.dataset.decisionsUrl, { decisions: list });
      list.forEach((d) => {
        const item = document.getElementById("p-" + d.id);
        item.dataset.decision = d.decision;
        item.querySelector(".decision").textContent = d.decision;
      });
      const c = data.summary.decisions;
      status.textContent = `${c.accepted} accepted, ${c.rejected} rejected, ${c.pending} pending`;
    } catch (e) {
      status.textContent = "Error: " + e.message;
    }
  }

  function decision(item, value) {
    const d = { id: item.dataset.id, decision: value };
    const area = item.querySelector(".props");
    if (!area.hidden) {
      try {
        d.properties = JSON.parse(area.value);
      } catch (e) {
        status.textContent = "Error: properties are not JSON: " + e.message;
        return null;
      }
      area.hidden = true;
    }
    const choice = item.querySelector(".choose");
    if (choice) d.resolved_to = choice.value || null;
    return d;
  }

  function act(item, value) {
    const d = decision(item, value);
    if (d) decide([d]);
  }

  function edit(item) {
    const area = item.querySelector(".props");
    area.hidden = !area.hidden;
    if (!area.hidden) area.focus();
  }

  async function commit() {
    try {
      const data = await post(root.dataset.commitUrl, {});
      const created = Object.values(data.counts.created).reduce((a, b) => a + b, 0);
      status.textContent = `Committed: ${created} created (source ${data.source})`;
      root.dataset.committed = "1";
    } catch (e) {
      status.textContent = "Error: " + e.message;
    }
  }

  function acceptAll() {
    decide(items.filter((i) => i.dataset.decision === "pending").map((i) => decision(i, "accepted")));
  }

  items.forEach((item, i) => {
    item.addEventListener("click", (e) => {
      if (e.target.classList.contains("accept")) act(item, "accepted");
      else if (e.target.classList.contains("reject")) act(item, "rejected");
      else if (e.target.classList.contains("edit")) edit(item);
      if (current !== i) select(i);
    });
  });
  document.getElementById("accept-all").addEventListener("click", acceptAll);
  document.getElementById("commit").addEventListener("click", commit);
  document.querySelectorAll("#ingest-text mark").forEach((m) =>
    m.addEventListener("click", () => {
      const first = m.dataset.ids.split(" ")[0];
      select(items.findIndex((i) => i.dataset.id === first));
    }));

  document.addEventListener("keydown", (e) => {
    const tag = e.target.tagName;
    if (tag === "TEXTAREA" || tag === "INPUT" || tag === "SELECT" || e.ctrlKey || e.metaKey) return;
    const item = items[current];
    if (e.key === "j") select(current + 1);
    else if (e.key === "k") select(current - 1);
    else if (e.key === "a" && item) { act(item, "accepted"); select(current + 1); }
    else if (e.key === "r" && item) { act(item, "rejected"); select(current + 1); }
    else if (e.key === "e" && item) { e.preventDefault(); edit(item); }
    else if (e.key === "A") acceptAll();
    else if (e.key === "c") commit();
    else return;
    e.preventDefault();
  });
  root.dataset.ready = "1";
})();
