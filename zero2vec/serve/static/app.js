// zero2vec serve: the page's whole script. Text from the server or the user is only ever
// set with textContent (never as HTML); charts are plain SVG drawn here.
"use strict";
const TOKEN = new URLSearchParams(location.search).get("token");
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);
let INFO = null;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
function svgEl(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  return e;
}
function words(s) { return s.split(/[\s,、，]+/).filter((w) => w.length); }

async function api(path, params, body) {
  const q = new URLSearchParams();
  for (const [k, v] of params || []) q.append(k, v);
  const opts = { headers: {} };
  if (TOKEN) opts.headers.Authorization = "Bearer " + TOKEN;
  if (body !== undefined) {
    opts.method = "POST";
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const r = await fetch(path + (q.toString() ? "?" + q : ""), opts);
  const data = await r.json();
  if (!r.ok) throw new Error(data.error || r.statusText);
  return data;
}
function showError(id, e) { $(id).textContent = e ? e.message || String(e) : ""; }

// -- tabs -------------------------------------------------------------------------------
function showTab(name) {
  for (const s of document.querySelectorAll(".tab")) s.hidden = s.id !== name;
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("on", b.dataset.tab === name);
  if (name === "evaluation") loadEvaluation();
}

// -- tables and bars ----------------------------------------------------------------------
function scoreTable(title, rows, note) {
  const box = el("div", null, "result");
  box.appendChild(el("h3", title));
  if (note) box.appendChild(el("p", note, "error"));
  const t = el("table");
  rows.forEach((r, i) => {
    const tr = el("tr");
    tr.appendChild(el("td", i + 1, "rank"));
    tr.appendChild(el("td", r.word, "word"));
    tr.appendChild(el("td", r.score.toFixed(4), "num"));
    const bar = el("td");
    const b = el("span", null, "bar");
    b.style.width = Math.max(0, Math.min(1, Math.abs(r.score))) * 100 + "px";
    bar.appendChild(b);
    tr.appendChild(bar);
    t.appendChild(tr);
  });
  box.appendChild(t);
  return box;
}
function showResults(data, title) {
  const out = $("results");
  out.replaceChildren();
  for (const r of data.results) {
    if (r.error) out.appendChild(scoreTable(r.model, [], r.error));
    else if (Array.isArray(r.answers)) out.appendChild(scoreTable(r.model + ": " + title, r.answers));
    else {
      const box = scoreTable(r.model + ": " + title, r.answers.scores);
      box.insertBefore(el("p", "odd one out: " + r.answers.odd_one_out, "answer"), box.children[1]);
      out.appendChild(box);
    }
  }
}

// -- explore --------------------------------------------------------------------------------
async function complete() {
  const prefix = $("word").value;
  if (!prefix) return;
  try {
    const data = await api("/api/complete", [["prefix", prefix], ["limit", 10]]);
    $("completions").replaceChildren(...data.words.map((w) => { const o = el("option"); o.value = w; return o; }));
  } catch (e) { /* completion is a nicety: errors show on submit */ }
}
async function neighbours(ev) {
  ev.preventDefault();
  showError("explore-error");
  try {
    const w = $("word").value.trim();
    showResults(await api("/api/neighbours", [["word", w], ["topn", $("topn").value]]), "neighbours of " + w);
  } catch (e) { showError("explore-error", e); }
}
async function analogy(ev) {
  ev.preventDefault();
  showError("explore-error");
  const params = words($("positive").value).map((w) => ["positive", w])
    .concat(words($("negative").value).map((w) => ["negative", w]));
  params.push(["method", $("analogy-method").value], ["topn", $("topn").value]);
  try {
    showResults(await api("/api/analogy", params), $("analogy-method").selectedOptions[0].textContent);
  } catch (e) { showError("explore-error", e); }
}
async function odd(ev) {
  ev.preventDefault();
  showError("explore-error");
  try {
    showResults(await api("/api/doesnt_match", words($("odd-words").value).map((w) => ["word", w])), "doesnt_match");
  } catch (e) { showError("explore-error", e); }
}

// -- the map: an SVG scatter with hover, wheel zoom and drag -----------------------------------
async function drawMap(ev) {
  ev.preventDefault();
  showError("map-error");
  const list = words($("map-words").value);
  const model = [["model", $("map-model").value]];
  try {
    const data = list.length
      ? await api("/api/map", model, { words: list, method: $("map-method").value })
      : await api("/api/map", model.concat([["word", $("map-word").value.trim()],
        ["topn", $("map-topn").value], ["method", $("map-method").value]]));
    scatter($("map-view"), data);
    if (data.unknown.length) showError("map-error", new Error("not in the vocabulary: " + data.unknown.join(", ")));
  } catch (e) { showError("map-error", e); }
}
function scatter(box, data) {
  const W = 800, H = 560, pad = 40;
  const xs = data.points.map((p) => p.x), ys = data.points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x) => pad + (x - x0) / ((x1 - x0) || 1) * (W - 2 * pad);
  const sy = (y) => H - pad - (y - y0) / ((y1 - y0) || 1) * (H - 2 * pad);
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, class: "map", id: "map-svg" });
  const g = svgEl("g", {});
  const tip = svgEl("text", { class: "tip", x: 10, y: 20 });
  for (const p of data.points) {
    const c = svgEl("circle", { cx: sx(p.x), cy: sy(p.y), r: p.word === data.centre ? 6 : 4,
      class: p.word === data.centre ? "centre point" : "point" });
    const label = svgEl("text", { x: sx(p.x) + 6, y: sy(p.y) - 6, class: "label" });
    label.textContent = p.word;
    c.addEventListener("mouseenter", () => { tip.textContent = `${p.word}  (${p.x.toFixed(3)}, ${p.y.toFixed(3)})`; });
    g.append(c, label);
  }
  svg.append(g, tip);
  let view = { k: 1, x: 0, y: 0 }, drag = null;
  const apply = () => g.setAttribute("transform", `translate(${view.x} ${view.y}) scale(${view.k})`);
  svg.addEventListener("wheel", (e) => {
    e.preventDefault();
    const f = e.deltaY < 0 ? 1.2 : 1 / 1.2, r = svg.getBoundingClientRect();
    const mx = (e.clientX - r.left) * W / r.width, my = (e.clientY - r.top) * H / r.height;
    view = { k: view.k * f, x: mx - (mx - view.x) * f, y: my - (my - view.y) * f };
    apply();
  });
  svg.addEventListener("mousedown", (e) => { drag = [e.clientX, e.clientY, view.x, view.y]; });
  window.addEventListener("mouseup", () => { drag = null; });
  svg.addEventListener("mousemove", (e) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    view.x = drag[2] + (e.clientX - drag[0]) * W / r.width;
    view.y = drag[3] + (e.clientY - drag[1]) * H / r.height;
    apply();
  });
  svg.addEventListener("dblclick", () => { view = { k: 1, x: 0, y: 0 }; apply(); });
  box.replaceChildren(el("p", `${data.model}: ${data.points.length} words (${data.method.toUpperCase()})`), svg);
}

// -- line and bar charts ------------------------------------------------------------------------
function lineChart(box, points, id) {
  const W = 460, H = 220, pad = 36;
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", id });
  if (points.length) {
    const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const sx = (x) => pad + (x - x0) / ((x1 - x0) || 1) * (W - 2 * pad);
    const sy = (y) => H - pad - (y - y0) / ((y1 - y0) || 1) * (H - 2 * pad);
    svg.appendChild(svgEl("polyline", { points: points.map((p) => `${sx(p[0])},${sy(p[1])}`).join(" "), class: "line" }));
    for (const [v, y] of [[y1, pad], [y0, H - pad]]) {
      const t = svgEl("text", { x: 2, y: y + 4, class: "axis" });
      t.textContent = v.toPrecision(4);
      svg.appendChild(t);
    }
  }
  svg.dataset.points = points.length;
  box.replaceChildren(svg);
}
function barChart(rows, key, max) {
  const W = 460, row = 22, H = rows.length * row + 10;
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, class: "bars", width: W, height: H });
  rows.forEach((r, i) => {
    const v = r[key] || 0, w = Math.min(1, Math.abs(v) / max) * (W - 220);
    svg.appendChild(svgEl("rect", { x: 160, y: i * row + 4, height: row - 6, width: w, class: v < 0 ? "barfill neg" : "barfill" }));
    const t = svgEl("text", { x: 4, y: i * row + 18, class: "label" });
    t.textContent = `${r.model} · ${r.name}`;
    const n = svgEl("text", { x: 166 + w, y: i * row + 18, class: "axis" });
    n.textContent = v.toFixed(3);
    svg.append(t, n);
  });
  return svg;
}

// -- evaluation -------------------------------------------------------------------------------------
let evaluated = false;
async function loadEvaluation() {
  if (evaluated) return;
  evaluated = true;
  if (!INFO.evaluations.length) {
    $("evaluation-note").textContent = "No evaluation files: start with --pairs FILE or --analogies FILE.";
    return;
  }
  $("evaluation-note").textContent = "evaluating…";
  const data = await api("/api/evaluation");
  $("evaluation-note").textContent = "";
  const view = $("evaluation-view");
  for (const [kind, key] of [["pairs", "spearman"], ["analogies", "accuracy"]]) {
    const rows = data.results.filter((r) => r.kind === kind);
    if (!rows.length) continue;
    const t = el("table", null, "eval");
    const head = el("tr");
    for (const h of ["model", "file", key, kind === "pairs" ? "pairs used" : "sections", "error"]) head.appendChild(el("th", h));
    t.appendChild(head);
    for (const r of rows) {
      const tr = el("tr");
      tr.append(el("td", r.model), el("td", r.name), el("td", r[key] === undefined ? "-" : r[key].toFixed(4), "num"),
        el("td", kind === "pairs" ? (r.pairs ?? "-") : (r.sections ? r.sections.length : "-"), "num"), el("td", r.error || ""));
      t.appendChild(tr);
    }
    view.append(el("h3", kind === "pairs" ? "word similarity (Spearman)" : "analogies (accuracy)"), t,
      barChart(rows.filter((r) => !r.error), key, 1));
  }
}

// -- live training ------------------------------------------------------------------------------------
function showLive(s) {
  const status = [`${s.status}`, s.engine ? `engine ${s.engine}` : "", s.epochs ? `epoch ${s.epoch}/${s.epochs}` : "",
    `${(100 * s.progress).toFixed(1)}%`, s.words_per_s ? `${Math.round(s.words_per_s).toLocaleString()} words/s` : "",
    s.lr !== null ? `lr ${Number(s.lr).toPrecision(4)}` : "", s.error ? `error: ${s.error}` : "",
    s.snapshot_error ? `neighbours: ${s.snapshot_error}` : ""].filter(Boolean);
  $("live-status").textContent = status.join(" · ");
  lineChart($("chart-steps"), s.steps, "loss-steps");
  lineChart($("chart-epochs"), s.epoch_losses.map((v, i) => [i + 1, v]), "loss-epochs");
  if (document.activeElement !== $("watch-words") && !$("watch-words").dataset.edited) $("watch-words").value = s.watch.join(" ");
  const view = $("watch-view");
  view.replaceChildren();
  for (const w of s.watch) {
    const rows = (s.neighbours[w] || []).map(([word, score]) => ({ word, score }));
    view.appendChild(scoreTable(w, rows));
  }
  const panel = $("sharing-view");
  panel.replaceChildren();
  if (s.sharing) {
    panel.appendChild(el("h3", "parameter sharing (zero2vec inspect)"));
    const t = el("table", null, "eval");
    const head = el("tr");
    for (const h of ["#", "id", "shape", "held by", "in model.params", "word_vecs is it"]) head.appendChild(el("th", h));
    t.appendChild(head);
    for (const r of s.sharing) {
      const tr = el("tr");
      tr.append(el("td", r.index), el("td", r.id, "mono"), el("td", r.shape.join("×")), el("td", `${r.layers.join("/")}: ${r.held_by}`),
        el("td", `${r.count} time${r.count > 1 ? "s" : ""}`), el("td", r.is_word_vecs ? "yes" : "no"));
      t.appendChild(tr);
    }
    panel.appendChild(t);
  }
  if (s.drift) {
    panel.appendChild(el("p", `‖W_in − W_in0‖ = ${s.drift.norm.toFixed(4)} (‖W_in0‖ = ${s.drift.init_norm.toFixed(4)}); ` +
      `rows touched ${s.drift.rows_touched.toLocaleString()} of ${s.drift.rows.toLocaleString()}`, "drift"));
  }
}
function watchLive() {
  const q = TOKEN ? "?token=" + encodeURIComponent(TOKEN) : "";
  const source = new EventSource("/api/live/stream" + q);
  source.onmessage = (m) => {
    const s = JSON.parse(m.data);
    showLive(s);
    if (s.status === "finished" || s.status === "failed") source.close();
  };
}
async function setWatch(ev) {
  ev.preventDefault();
  showError("live-error");
  try {
    const r = await api("/api/live/watch", [], { words: words($("watch-words").value) });
    $("watch-words").value = r.watch.join(" ");
    delete $("watch-words").dataset.edited;
  } catch (e) { showError("live-error", e); }
}

// -- start ---------------------------------------------------------------------------------------------
async function start() {
  for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => showTab(b.dataset.tab));
  $("neighbours-form").addEventListener("submit", neighbours);
  $("analogy-form").addEventListener("submit", analogy);
  $("odd-form").addEventListener("submit", odd);
  $("map-form").addEventListener("submit", drawMap);
  $("watch-form").addEventListener("submit", setWatch);
  $("watch-words").addEventListener("input", () => { $("watch-words").dataset.edited = "1"; });
  $("word").addEventListener("input", complete);
  INFO = await api("/api/models");
  $("models-info").textContent = INFO.models.map((m) => `${m.name} (${m.vocab_size.toLocaleString()} × ${m.vector_size})`).join(" | ");
  $("map-method").replaceChildren(...INFO.map_methods.map((m) => { const o = el("option", m.toUpperCase()); o.value = m; return o; }));
  $("map-model").replaceChildren(...INFO.models.map((m) => { const o = el("option", m.name); o.value = m.name; return o; }));
  for (const t of ["explore", "map", "evaluation"]) $("tab-" + t).hidden = !INFO.models.length;
  $("tab-live").hidden = !INFO.live;
  if (INFO.live) watchLive();
  showTab(INFO.models.length ? "explore" : "live");
  document.body.dataset.ready = "1";
}
start().catch((e) => { document.body.textContent = "zero2vec: " + e.message; });
