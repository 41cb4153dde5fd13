"use strict";
// The report page: document table (sort, filter, search) and the side-by-side document view.
// All text comes from scraped input: it is only ever set with textContent or as an attribute
// value, never parsed as HTML. A document's JSON is parsed only when that document is opened.
(function () {
  const PAGE = 500;
  const rows = JSON.parse(document.getElementById("index-data").textContent).documents;
  const state = { key: "n", dir: 1, flag: "", status: "", query: "", limit: PAGE, shown: rows };
  const $ = (id) => document.getElementById(id);

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children || []) if (child !== null) node.append(child);
    return node;
  }

  const flagTotal = (row) => Object.values(row.flags).reduce((a, b) => a + b, 0);
  const SORT_KEYS = {
    n: (row) => row.n,
    id: (row) => row.id,
    title: (row) => (row.title_en || row.title_hi || "").toLowerCase(),
    sentences: (row) => row.sentences,
    flagged: flagTotal,
    status: (row) => row.status,
  };

  function matches(row) {
    if (state.status && row.status !== state.status) return false;
    const total = flagTotal(row);
    if (state.flag === "*" && !total) return false;
    if (state.flag === "-" && total) return false;
    if (state.flag && state.flag !== "*" && state.flag !== "-" && !row.flags[state.flag]) return false;
    if (!state.query) return true;
    const text = [row.id, row.title_hi, row.title_en, row.error].join("\n").toLowerCase();
    return text.includes(state.query);
  }

  function sortedRows() {
    const key = SORT_KEYS[state.key];
    const shown = rows.filter(matches);
    shown.sort((a, b) => {
      const x = key(a), y = key(b);
      return (x < y ? -1 : x > y ? 1 : a.n - b.n) * state.dir;
    });
    return shown;
  }

  function flagBadges(flags) {
    return Object.entries(flags).map(([name, count]) =>
      el("span", { class: "flag", text: count > 1 ? `${name} ×${count}` : name }));
  }

  function tableRow(row) {
    const link = el("a", { href: `#doc/${row.n}`, text: row.id });
    const title = el("td", {}, [
      el("div", { lang: "hi", class: "hi", text: row.title_hi }),
      el("div", { text: row.title_en }),
    ]);
    const status = el("td", { class: `status ${row.status}`, text: row.status });
    if (row.error) status.setAttribute("title", row.error);
    return el("tr", { "data-n": String(row.n) }, [
      el("td", { class: "num", text: String(row.n + 1) }),
      el("td", {}, [link]),
      title,
      el("td", { class: "num", text: String(row.sentences) }),
      el("td", {}, flagBadges(row.flags)),
      status,
    ]);
  }

  function renderTable() {
    state.shown = sortedRows();
    const fragment = document.createDocumentFragment();
    for (const row of state.shown.slice(0, state.limit)) fragment.append(tableRow(row));
    $("doc-table").tBodies[0].replaceChildren(fragment);
    const rest = state.shown.length - Math.min(state.limit, state.shown.length);
    $("shown").textContent = `${state.shown.length} of ${rows.length} documents`;
    $("more-row").hidden = rest <= 0;
    $("more").textContent = `Show ${Math.min(rest, PAGE)} more (${rest} not shown)`;
    for (const th of document.querySelectorAll("th[data-sort]")) {
      const active = th.dataset.sort === state.key;
      th.setAttribute("aria-sort", active ? (state.dir > 0 ? "ascending" : "descending") : "none");
    }
  }

  function setupControls() {
    const names = new Set(rows.flatMap((row) => Object.keys(row.flags)));
    for (const name of [...names].sort()) {
      $("flag-filter").append(el("option", { value: name, text: name }));
    }
    const refilter = () => { state.limit = PAGE; renderTable(); };
    $("search").addEventListener("input", (e) => {
      state.query = e.target.value.trim().toLowerCase(); refilter();
    });
    $("flag-filter").addEventListener("change", (e) => { state.flag = e.target.value; refilter(); });
    $("status-filter").addEventListener("change", (e) => { state.status = e.target.value; refilter(); });
    $("more").addEventListener("click", () => { state.limit += PAGE; renderTable(); });
    for (const th of document.querySelectorAll("th[data-sort]")) {
      th.addEventListener("click", () => {
        state.dir = state.key === th.dataset.sort ? -state.dir : 1;
        state.key = th.dataset.sort;
        renderTable();
      });
    }
  }

  // ----- document view -----

  function safeLink(url) {
    // Only web links are clickable; anything else (javascript:, data:, file:) is shown as text.
    try {
      const parsed = new URL(url);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") {
        return el("a", { href: parsed.href, rel: "noopener noreferrer", target: "_blank", text: url });
      }
    } catch (_) { /* not a URL: shown as text */ }
    return el("span", { text: url });
  }

  function header(row, doc) {
    const title = (doc && doc.title) || {};
    const meta = el("p", { class: "muted" }, [`${row.id} · ${row.status} · ${row.sentences} sentences`]);
    if (doc && doc.source) meta.append(` · source: ${doc.source}`);
    if (doc && doc.url) meta.append(" · ", safeLink(doc.url));
    return el("header", {}, [
      el("h2", { lang: "hi", class: "hi", text: title.hi || row.id }),
      title.en ? el("p", { class: "title-en", text: title.en }) : null,
      meta,
    ]);
  }

  function summary(doc) {
    const s = doc.summary || {};
    const list = (items, lang) =>
      el("ol", lang ? { lang, class: "hi" } : {}, (items || []).map((t) => el("li", { text: t })));
    return el("section", { class: "summary" }, [
      el("h3", { text: `Summary${s.method ? ` (${s.method})` : ""}` }),
      el("div", { class: "pair" }, [list(s.hi, "hi"), list(s.en, "")]),
    ]);
  }

  function sentenceTable(doc) {
    const body = doc.sentences.map(([hi, en, flags, paragraph], i) => {
      const previous = doc.sentences[i - 1];
      const classes = [flags.length ? "flagged" : "", previous && previous[3] !== paragraph ? "para" : ""];
      return el("tr", { class: classes.join(" ").trim() }, [
        el("td", { class: "num", text: String(i + 1) }),
        el("td", { lang: "hi", class: "hi", text: hi }),
        el("td", {}, [el("span", { text: en }), ...flagBadges(Object.fromEntries(flags.map((f) => [f, 1])))]),
      ]);
    });
    return el("table", { class: "sentences" }, [
      el("thead", {}, [el("tr", {}, [
        el("th", { text: "#" }), el("th", { text: "Hindi" }), el("th", { text: "English" }),
      ])]),
      el("tbody", {}, body),
    ]);
  }

  function fullTextHeading(doc, table) {
    const flagged = doc.sentences.filter((s) => s[2].length).length;
    const heading = el("h3", { text: `Full text: ${doc.sentences.length} sentences, ${flagged} flagged` });
    if (!flagged) return heading;
    const toggle = el("input", { type: "checkbox", id: "only-flagged" });
    toggle.addEventListener("change", () => table.classList.toggle("only-flagged", toggle.checked));
    return el("div", { class: "full-text" }, [
      heading, el("label", {}, [toggle, " show only flagged sentences"]),
    ]);
  }

  function removed(doc) {
    const lines = doc.removed.map(([line, rule]) =>
      el("tr", {}, [el("td", { class: "rule", text: rule }), el("td", { lang: "hi", class: "hi", text: line })]));
    return el("details", { class: "removed" }, [
      el("summary", { text: `Removed boilerplate: ${doc.removed.length} lines` }),
      el("table", {}, [el("tbody", {}, lines)]),
    ]);
  }

  function pager(row) {
    const position = state.shown.findIndex((r) => r.n === row.n);
    const link = (r, text) => (r ? el("a", { href: `#doc/${r.n}`, text }) : el("span", { class: "muted", text }));
    return el("nav", { class: "pager" }, [
      el("a", { href: "#", text: "← all documents" }), " ",
      link(state.shown[position - 1], "‹ previous"), " ",
      link(position >= 0 ? state.shown[position + 1] : null, "next ›"),
    ]);
  }

  function documentView(row) {
    const block = $(`doc-${row.n}`);
    const doc = block ? JSON.parse(block.textContent) : null;
    const parts = [pager(row), header(row, doc)];
    if (row.error) parts.push(el("p", { class: "note error", text: `Failed: ${row.error}` }));
    if (doc) {
      if (doc.warnings.length) {
        parts.push(el("ul", { class: "warnings" }, doc.warnings.map((w) => el("li", { text: `Warning: ${w}` }))));
      }
      const table = sentenceTable(doc);
      parts.push(summary(doc), fullTextHeading(doc, table), table, removed(doc));
    }
    return parts;
  }

  function route() {
    const match = /^#doc\/(\d+)$/.exec(location.hash);
    const row = match ? rows[Number(match[1])] : null;
    $("list-view").hidden = Boolean(row);
    $("doc-view").hidden = !row;
    if (row) {
      $("doc-view").replaceChildren(...documentView(row));
      window.scrollTo(0, 0);
    }
  }

  setupControls();
  renderTable();
  window.addEventListener("hashchange", route);
  route();
  document.documentElement.dataset.ready = "true";
  window.reportReadyAt = performance.now();
})();
