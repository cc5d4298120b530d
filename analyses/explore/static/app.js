// The what-if page: controls built from GET /api/controls, the state in the URL's query (the
// assumptions that differ from the defaults), each change answered by GET /api/forecast.
"use strict";

const state = { controls: [], byName: {}, values: {}, pending: null, timer: 0 };

const $ = (sel) => document.querySelector(sel);
const el = (tag, props = {}, ...kids) => {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const k of kids) e.append(k);
  return e;
};

// Months as an index (for sliders) and back.
const monthToIndex = (m) => { const [y, mo] = m.split("-").map(Number); return y * 12 + mo - 1; };
const indexToMonth = (i) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
const isMonth = (v) => /^\d{4}-(0[1-9]|1[0-2])$/.test(v);

const pct = (x) => (x === 0 ? "0%" : x < 0.01 ? "<1%" : x > 0.99 && x < 1 ? ">99%" : `${Math.round(x * 100)}%`);
const int = (n) => (n === null || n === undefined ? "—" : n.toLocaleString("en-US"));
const mon = (m) => {
  if (!m) return "not by the horizon";
  const [y, mo] = m.split("-").map(Number);
  return new Date(Date.UTC(y, mo - 1, 1)).toLocaleString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
};
const humanName = (n) => n.replace(/_/g, " ");

function tooltip(c) {
  return `${c.description}\n\nSource: ${c.source}\nDefault: ${c.default}${c.unit ? " " + c.unit : ""}` +
    (c.kind === "month" ? `\nRange: ${c.min_month} to ${c.max_month}` : `\nRange: ${c.min} to ${c.max}`) +
    (c.fixed ? `\n\nFixed here: ${c.fixed}` : "") + (c.note ? `\n\n${c.note}` : "");
}

// control builds one assumption's input: a slider with its value for the main groups, a text
// input in the advanced list.
function control(c, withSlider) {
  const value = el("input", { className: "value", type: "text", id: "ctl-" + c.name, value: c.default, spellcheck: false });
  value.dataset.name = c.name;
  value.setAttribute("aria-label", c.name);
  const row = el("div", { className: "row" });
  let slider = null;
  if (withSlider && !c.fixed) {
    slider = el("input", { type: "range", id: "slider-" + c.name });
    if (c.kind === "month") {
      slider.min = monthToIndex(c.min_month); slider.max = monthToIndex(c.max_month); slider.step = 1;
    } else {
      slider.min = c.min; slider.max = c.max; slider.step = c.step;
    }
    slider.setAttribute("aria-label", c.name + " slider");
    slider.addEventListener("input", () => {
      const v = c.kind === "month" ? indexToMonth(Number(slider.value)) : slider.value;
      set(c.name, v, true);
    });
    row.append(slider);
  }
  row.append(value);
  const reset = el("button", { type: "button", className: "reset", textContent: "reset", title: "back to the default " + c.default });
  reset.addEventListener("click", () => set(c.name, c.default, false));
  const info = el("span", { className: "info", textContent: "i", title: tooltip(c) });
  const label = el("label", { htmlFor: "ctl-" + c.name },
    el("span", { className: "name" }, humanName(c.name), " ", info),
    el("span", { className: "unit" }, c.unit || ""));
  const box = el("div", { className: "ctl" + (c.fixed ? " fixed" : "") }, label, row);
  box.dataset.name = c.name;
  if (c.fixed) { value.disabled = true; box.title = "Fixed here: " + c.fixed; }
  else {
    row.append(reset);
    value.addEventListener("change", () => set(c.name, value.value.trim(), false));
  }
  if (c.note) box.append(el("p", { className: "note", textContent: c.note }));
  state.byName[c.name] = { c, value, slider, box };
  return box;
}

// set changes one assumption and asks for the forecast (debounced while a slider moves).
function set(name, v, sliding) {
  state.values[name] = v;
  show(name);
  schedule(sliding ? 200 : 0);
}

function show(name) {
  const { c, value, slider, box } = state.byName[name];
  const v = state.values[name] ?? c.default;
  if (value !== document.activeElement) value.value = v;
  if (slider) {
    if (c.kind === "month" && isMonth(v)) slider.value = monthToIndex(v);
    else if (c.kind !== "month" && v !== "" && !isNaN(Number(v))) slider.value = v;
  }
  box.classList.toggle("overridden", v !== c.default);
}

// query is the URL query of the assumptions that differ from the defaults, in name order.
function query() {
  const q = new URLSearchParams();
  for (const name of Object.keys(state.values).sort()) {
    const v = state.values[name];
    if (v !== state.byName[name]?.c.default || !state.byName[name]) q.set(name, v);
  }
  return q.toString();
}

function schedule(delay) {
  clearTimeout(state.timer);
  state.timer = setTimeout(update, delay);
}

// shiftStarship moves every starship_first_starlink_month_* assumption by months.
function shiftStarship(months) {
  for (const { c } of Object.values(state.byName)) {
    if (!c.name.startsWith("starship_first_starlink_month")) continue;
    const v = state.values[c.name] ?? c.default;
    if (isMonth(v)) { state.values[c.name] = indexToMonth(monthToIndex(v) + months); show(c.name); }
  }
  schedule(0);
}

async function update() {
  const q = query();
  history.replaceState(null, "", q ? "?" + q : location.pathname);
  for (const [id, path] of [["dl-json", "/api/forecast.json"], ["dl-csv", "/api/forecast.csv"], ["dl-scenarios", "/api/scenarios.csv"]]) {
    $("#" + id).href = path + (q ? "?" + q : "");
  }
  $("#share").href = location.href;
  if (state.pending) state.pending.abort();
  const ctrl = new AbortController();
  state.pending = ctrl;
  const status = $("#status");
  status.classList.add("busy");
  status.textContent = "Running the engine…";
  const t0 = performance.now();
  let resp, body;
  try {
    resp = await fetch("/api/forecast" + (q ? "?" + q : ""), { signal: ctrl.signal });
    body = await resp.json();
  } catch (e) {
    if (e.name === "AbortError") return;
    fail(`The server did not answer: ${e.message}`, []);
    return;
  }
  if (state.pending !== ctrl) return;
  state.pending = null;
  status.classList.remove("busy");
  for (const { box } of Object.values(state.byName)) box.classList.remove("invalid");
  if (!resp.ok) { fail(body.error, body.fields || []); return; }
  $("#error").hidden = true;
  const engine = /engine;dur=([\d.]+)(;desc=cached)?/.exec(resp.headers.get("Server-Timing") || "");
  render(body, performance.now() - t0, engine);
}

function fail(message, fields) {
  const box = $("#error");
  box.hidden = false;
  box.replaceChildren(el("strong", { textContent: "Not run: " }), message);
  for (const f of fields) state.byName[f.field]?.box.classList.add("invalid");
  $("#status").classList.remove("busy");
  $("#status").textContent = "The last valid answer is shown below.";
}

function render(view, ms, engine) {
  const r = view.result;
  const head = r.scenarios[0];
  $("#question").textContent = r.question;
  $("#headline").textContent = head.answer;
  const timing = engine ? (engine[2] ? "cached" : `engine ${(Number(engine[1]) / 1000).toFixed(2)} s`) : "";
  $("#status").textContent = `Answered in ${(ms / 1000).toFixed(2)} s (${timing}) · ${paths(r)} paths per scenario · data as of ${r.as_of_date}`;

  const rows = r.scenarios.map((s, i) => {
    const tr = el("tr", { className: s.is_headline ? "headline-row" : "" },
      el("td", {}, el("span", { className: "swatch" + (s.is_naive ? " dotted" : ""), style: `background:${s.is_naive ? "none" : view.legend[i].colour};border-color:${view.legend[i].colour}` }),
        s.label + (s.is_headline ? " (headline)" : "")),
      el("td", { textContent: [s.reach_month_p10, s.reach_month_p50, s.reach_month_p90].map((m) => (m ? mon(m) : "never")).join(" · ") }),
      el("td", { textContent: pct(s.share_never_reached) }),
      el("td", { textContent: s.launches_needed_p50 === null ? "—" : `${int(s.launches_needed_p50)} (${int(s.launches_needed_p10)}–${int(s.launches_needed_p90)})` }),
      el("td", { textContent: pct(s.prob_by_2030) }),
      el("td", { textContent: pct(s.prob_by_2035) }),
      el("td", { textContent: pct(s.prob_by_2040) }),
      el("td", { textContent: `${int(s.in_orbit_at_horizon_p50)} (${int(s.in_orbit_at_horizon_p10)}–${int(s.in_orbit_at_horizon_p90)})` }));
    tr.title = s.conditional_on;
    return tr;
  });
  $("#scenarios tbody").replaceChildren(...rows);

  $("#legend").replaceChildren(
    el("span", {}, el("span", { className: "swatch", style: "background:#222" }), "observed"),
    ...view.legend.map((l) => el("span", {}, el("span", { className: "swatch" + (l.naive ? " dotted" : ""), style: `background:${l.naive ? "none" : l.colour};border-color:${l.colour}` }),
      l.naive ? l.label + " (median)" : l.label + " (median, P10–P90)")),
    el("span", {}, el("span", { className: "swatch dotted", style: "border-color:#c0392b" }), "target"));
  $("#chart-in-orbit").innerHTML = view.charts.in_orbit;
  $("#chart-launches").innerHTML = view.charts.launches;
  state.view = view;
  $("#answers").replaceChildren(...r.scenarios.map((s) => el("li", { textContent: s.answer })));

  $("#stamp").replaceChildren(
    "Data as of ", el("strong", { textContent: r.as_of_date }), ` (sources: ${r.data_sources.replace("+", " + ")}); commit `,
    el("code", { textContent: r.commit }), "; assumptions ", el("code", { textContent: r.assumptions_hash.slice(0, 16) }),
    `; ${r.overridden_assumptions.length} assumption${r.overridden_assumptions.length === 1 ? "" : "s"} changed from assumptions.yaml.`);
  $("#method").textContent = r.method;
  const over = r.overridden_assumptions.map((o) => el("tr", {}, el("td", {}, el("code", { textContent: o.name })),
    el("td", { textContent: o.value }), el("td", { textContent: o.default }), el("td", { textContent: o.unit })));
  $("#overridden tbody").replaceChildren(...(over.length ? over : [el("tr", {}, el("td", { colSpan: 4, textContent: "none: every assumption is its default" }))]));
}

function paths(r) {
  const p = r.assumptions.find((a) => a.name === "paths");
  return p ? Number(p.value).toLocaleString("en-US") : "?";
}

// hover shows, under the pointer, each scenario's P50 and P10–P90 in that month (and the observed
// count), on a chart whose SVG carries its x mapping (data-x0/x1: month indexes, data-left/right).
function hover(box, what) {
  // The tip lives in the chart's box, which each answer redraws: made again when missing.
  const tipOf = () => box.querySelector(".tip") || box.appendChild(el("div", { className: "tip", hidden: true }));
  box.addEventListener("mouseleave", () => { tipOf().hidden = true; box.querySelector(".cursor")?.remove(); });
  box.addEventListener("mousemove", (ev) => {
    const tip = tipOf();
    const svg = box.querySelector("svg");
    if (!svg || !state.view) return;
    const d = svg.dataset, rect = svg.getBoundingClientRect(), scale = rect.width / svg.viewBox.baseVal.width;
    const px = (ev.clientX - rect.left) / scale;
    if (px < Number(d.left) || px > Number(d.right)) { tip.hidden = true; return; }
    const idx = Math.round(Number(d.x0) + ((px - Number(d.left)) / (Number(d.right) - Number(d.left))) * (Number(d.x1) - Number(d.x0)));
    const m = indexToMonth(idx - 1);
    const r = state.view.result;
    const lines = [];
    const o = what === "in_orbit" && r.observed.find((x) => x.month === m);
    if (o) lines.push(`observed: ${int(o.in_orbit)}`);
    r.scenarios.forEach((s, i) => {
      const row = r.monthly.find((x) => x.scenario === s.name && x.month === m);
      if (!row) return;
      const [lo, mid, hi] = what === "in_orbit" ? [row.in_orbit_p10, row.in_orbit_p50, row.in_orbit_p90] : [row.cum_launches_p10, row.cum_launches_p50, row.cum_launches_p90];
      lines.push(el("span", {}, el("span", { className: "swatch", style: `background:${state.view.legend[i].colour}` }), `${s.label}: ${int(mid)}` + (s.is_naive ? "" : ` (${int(lo)}–${int(hi)})`)));
    });
    if (!lines.length) { tip.hidden = true; return; }
    tip.replaceChildren(el("strong", { textContent: `end of ${mon(m)}` }), ...lines.map((l) => el("div", {}, l)));
    tip.hidden = false;
    const bx = box.getBoundingClientRect();
    const x = ev.clientX - bx.left;
    tip.style.left = (x > bx.width / 2 ? x - tip.offsetWidth - 12 : x + 12) + "px";
    tip.style.top = (ev.clientY - bx.top + 12) + "px";
    let cur = svg.querySelector(".cursor");
    if (!cur) { cur = document.createElementNS(svg.namespaceURI, "line"); cur.setAttribute("class", "cursor"); cur.setAttribute("stroke", "#888"); svg.append(cur); }
    const cx = Number(d.left) + ((idx - Number(d.x0)) / (Number(d.x1) - Number(d.x0))) * (Number(d.right) - Number(d.left));
    for (const [k, v] of [["x1", cx], ["x2", cx], ["y1", d.top], ["y2", d.bottom]]) cur.setAttribute(k, v);
  });
}

// ledger shows the engine's runs, newest first (20 at most in the table).
async function ledger() {
  const l = await (await fetch("/api/ledger")).json();
  if (l.error) {
    $("#ledger-error").hidden = false;
    $("#ledger-error").textContent = "The ledger could not be read: " + l.error;
  }
  $("#chart-ledger").innerHTML = l.chart;
  $("#chart-ledger").hidden = !l.chart;
  const rows = l.runs.slice(-20).reverse().map((r) => el("tr", {},
    el("td", { textContent: r.run_id }), el("td", { textContent: (r.started_at || "").replace("T", " ").replace("Z", " UTC") }),
    el("td", { textContent: r.as_of_date }), el("td", {}, el("code", { textContent: r.git_commit ? r.git_commit.slice(0, 12) : "unknown" })),
    el("td", { textContent: r.overridden_assumptions || "none" }),
    el("td", { textContent: [r.reach_month_p10, r.reach_month_p50, r.reach_month_p90].map((m) => (m ? mon(m) : "never")).join(" · ") }),
    el("td", { textContent: int(r.launches_needed_p50) })));
  $("#ledger-runs tbody").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colSpan: 7, textContent: "no run yet: just pipeline appends one" }))]));
}

async function start() {
  const resp = await fetch("/api/controls");
  const cs = await resp.json();
  state.controls = cs.controls;
  hover($("#chart-in-orbit"), "in_orbit");
  hover($("#chart-launches"), "launches");
  const groups = $("#groups");
  for (const g of cs.groups) {
    const members = cs.controls.filter((c) => c.group === g);
    if (!members.length) continue;
    const fs = el("fieldset", {}, el("legend", { textContent: g }));
    if (g === "Starship") {
      const earlier = el("button", { type: "button", id: "starship-earlier", textContent: "◀ a year earlier" });
      const later = el("button", { type: "button", id: "starship-later", textContent: "a year later ▶" });
      earlier.addEventListener("click", () => shiftStarship(-12));
      later.addEventListener("click", () => shiftStarship(12));
      fs.append(el("div", { className: "shift" }, el("span", { textContent: "First Starlink month:" }), earlier, later));
    }
    for (const c of members) fs.append(control(c, true));
    groups.append(fs);
  }
  const adv = $("#advanced-list");
  for (const c of cs.controls.filter((c) => !c.group)) adv.append(control(c, false));
  $("#reset").addEventListener("click", () => {
    state.values = {};
    for (const name of Object.keys(state.byName)) show(name);
    schedule(0);
  });
  // The URL's query is the view: restore it (an unknown name is kept so the server names it).
  for (const [name, v] of new URLSearchParams(location.search)) {
    state.values[name] = v;
    if (state.byName[name]) show(name);
  }
  for (const name of Object.keys(state.byName)) show(name);
  update();
  ledger().catch((e) => { $("#ledger-error").hidden = false; $("#ledger-error").textContent = "The ledger could not be loaded: " + e.message; });
}

start().catch((e) => fail(`Could not load the assumptions: ${e.message}`, []));
