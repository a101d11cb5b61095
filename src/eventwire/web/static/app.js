/* eventwire web UI: timeline, map, actor network, article view and quotes over
   the HTTP API of `eventwire serve`. Every aggregate is computed by the server;
   the page only draws. The filters and the open view live in the URL, so a view
   can be reloaded or sent to a colleague. Nothing is fetched from outside. */
"use strict";

const FILTERS = ["since", "until", "type", "country", "actor", "q", "bbox"];
const VIEWS = ["timeline", "map", "network", "article", "quotes"];
const QUAD = {1: ["verbal cooperation", "#2f9e44"], 2: ["material cooperation", "#0c7a3e"],
              3: ["verbal conflict", "#f08c00"], 4: ["material conflict", "#c92a2a"]};
const fmtDay = d3.utcFormat("%Y-%m-%d");
const parseDay = d3.utcParse("%Y-%m-%d");

let state = readState();
let ploverTypes = [];
let typeColour = d3.scaleOrdinal();
let mapState = null;
let currentRecord = null;

// ------------------------------------------------------------------ state and URL

function readState() {
  const p = new URLSearchParams(location.search);
  const s = {};
  for (const [k, v] of p.entries()) if (v !== "") s[k] = v;
  if (!VIEWS.includes(s.view)) s.view = "timeline";
  return s;
}

function writeState(push) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v !== undefined && v !== null && v !== "") p.set(k, v);
  const url = location.pathname + "?" + p.toString();
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
}

function filterParams(extra) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (state[k]) p.set(k, state[k]);
  for (const [k, v] of Object.entries(extra || {})) if (v !== undefined && v !== null && v !== "") p.set(k, v);
  return p;
}

function setFilters(values) {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === "") delete state[k]; else state[k] = v;
  }
  writeState(true);
  syncForm();
  render();
}

async function api(path, params) {
  const url = path + (params && [...params].length ? "?" + params.toString() : "");
  const r = await fetch(url, {headers: {Accept: "application/json"}});
  const body = await r.json();
  if (!r.ok) {
    const e = body && body.error ? body.error : {code: "EW407", message: r.statusText};
    showError(`[${e.code}] ${e.message}`);
    throw new Error(e.message);
  }
  hideError();
  return body;
}

function showError(msg) { const el = document.getElementById("error"); el.textContent = msg; el.hidden = false; }
function hideError() { document.getElementById("error").hidden = true; }

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children) if (c !== undefined && c !== null) e.append(c instanceof Node ? c : String(c));
  return e;
}

// ------------------------------------------------------------------ the filter form

function syncForm() {
  const form = document.getElementById("filters");
  for (const k of FILTERS) if (form.elements[k]) form.elements[k].value = state[k] || "";
  document.getElementById("bbox-filter").hidden = !state.bbox;
  document.getElementById("bbox-value").textContent = state.bbox || "";
  for (const a of document.querySelectorAll("#views a[data-view]"))
    a.classList.toggle("active", a.dataset.view === state.view);
}

function initForm() {
  const form = document.getElementById("filters");
  const sel = form.elements.type;
  for (const t of ploverTypes) sel.append(el("option", {value: t}, t));
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const v = {};
    for (const k of FILTERS) if (form.elements[k]) v[k] = form.elements[k].value.trim();
    if (v.country) v.country = v.country.toUpperCase();
    setFilters(v);
  });
  sel.addEventListener("change", () => form.requestSubmit());
  document.getElementById("clear").addEventListener("click", () => {
    const v = {};
    for (const k of FILTERS) v[k] = "";
    setFilters(v);
  });
  for (const a of document.querySelectorAll("#views a[data-view]")) {
    a.addEventListener("click", ev => {
      ev.preventDefault();
      state.view = a.dataset.view;
      writeState(true);
      render();
    });
  }
  window.addEventListener("popstate", () => { state = readState(); syncForm(); render(); });
}

// ------------------------------------------------------------------ rendering

async function render() {
  syncForm();
  for (const v of VIEWS) document.getElementById("view-" + v).hidden = v !== state.view;
  const fn = {timeline: renderTimeline, map: renderMap, network: renderNetwork,
              article: renderArticle, quotes: renderQuotes}[state.view];
  try { await fn(); } catch (e) { /* shown by api() */ }
  document.body.dataset.ready = state.view;      // for tests and scripts: the view is drawn
  document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
}

// ------------------------------------------------------------------ timeline

async function renderTimeline() {
  document.getElementById("unit").value = state.unit || "";
  drawTimeline(await api("/api/timeline", filterParams({unit: state.unit || "auto"})));
  await loadEvents(false);
}

function drawTimeline(data) {
  const box = document.getElementById("timeline-chart");
  box.innerHTML = "";
  const buckets = data.buckets;
  if (!buckets.length) { box.append(el("p", {class: "empty"}, "No dated events match these filters.")); return; }
  const step = data.unit === "week" ? 7 : 1;
  const periods = [...new Set(buckets.map(b => b.period))].sort();
  const byPeriod = new Map(periods.map(p => [p, {period: p, total: 0, gsum: 0, gn: 0}]));
  const types = [...new Set(buckets.map(b => b.type))].sort();
  for (const b of buckets) {
    const r = byPeriod.get(b.period);
    r[b.type] = b.count;
    r.total += b.count;
    if (b.goldstein !== null) { r.gsum += b.goldstein * b.count; r.gn += b.count; }
  }
  const rows = periods.map(p => byPeriod.get(p));
  const W = Math.max(600, box.clientWidth || 900), H = 280, m = {t: 14, r: 46, b: 26, l: 40};
  // the axis spans the chosen dates (when set) and at least a fortnight, so that a
  // brushed range keeps its shape instead of stretching one bar across the chart
  let start = parseDay(periods[0]);
  let end = d3.utcDay.offset(parseDay(periods[periods.length - 1]), step);
  const since = state.since && parseDay(state.since), until = state.until && parseDay(state.until);
  if (since && since < start) start = since;
  if (until && d3.utcDay.offset(until, 1) > end) end = d3.utcDay.offset(until, 1);
  if (end - start < 14 * 864e5) end = d3.utcDay.offset(start, 14);
  const x = d3.scaleUtc().domain([start, end]).range([m.l, W - m.r]);
  const y = d3.scaleLinear().domain([0, d3.max(rows, r => r.total)]).nice().range([H - m.b, m.t]);
  const yg = d3.scaleLinear().domain([-10, 10]).range([H - m.b, m.t]);
  const svg = d3.select(box).append("svg").attr("width", W).attr("height", H).attr("id", "timeline-svg");
  const stack = d3.stack().keys(types).value((r, k) => r[k] || 0)(rows);
  const bw = r => Math.max(1, x(d3.utcDay.offset(parseDay(r.data.period), step)) - x(parseDay(r.data.period)) - 1);
  svg.append("g").selectAll("g").data(stack).join("g").attr("fill", s => typeColour(s.key))
    .attr("data-type", s => s.key)
    .selectAll("rect").data(s => s).join("rect")
    .attr("x", d => x(parseDay(d.data.period))).attr("width", bw)
    .attr("y", d => y(d[1])).attr("height", d => Math.max(0, y(d[0]) - y(d[1])))
    .append("title").text(function (d) {
      const t = this.parentNode.parentNode.getAttribute("data-type");
      return `${d.data.period} ${t}: ${d[1] - d[0]}`;
    });
  const line = d3.line().defined(r => r.gn > 0)
    .x(r => x(parseDay(r.period)) + bw({data: r}) / 2).y(r => yg(r.gsum / r.gn));
  svg.append("path").attr("class", "goldstein").datum(rows).attr("fill", "none")
    .attr("stroke", "#222").attr("stroke-width", 1.5).attr("stroke-dasharray", "4 2").attr("d", line);
  svg.append("g").attr("transform", `translate(0,${H - m.b})`).call(d3.axisBottom(x).ticks(8));
  svg.append("g").attr("transform", `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(5));
  svg.append("g").attr("transform", `translate(${W - m.r},0)`).call(d3.axisRight(yg).ticks(5));
  svg.append("text").attr("x", W - m.r + 4).attr("y", m.t - 4).attr("font-size", 10).text("Goldstein");
  svg.append("text").attr("x", m.l - 36).attr("y", m.t - 4).attr("font-size", 10).text("events");
  const brush = d3.brushX().extent([[m.l, m.t], [W - m.r, H - m.b]]).on("end", ev => {
    if (!ev.selection || !ev.sourceEvent) return;
    const [a, b] = ev.selection.map(px => x.invert(px));
    setFilters({since: fmtDay(a), until: fmtDay(d3.utcDay.offset(b, -1) < a ? a : d3.utcDay.offset(b, -1))});
  });
  svg.append("g").attr("class", "brush").call(brush);
  const legend = document.getElementById("timeline-legend");
  legend.innerHTML = "";
  for (const t of types)
    legend.append(el("span", {class: "key"}, el("span", {class: "sw", style: `background:${typeColour(t)}`}), t));
  legend.append(el("span", {class: "key"}, "- - mean Goldstein (right axis)"));
  if (data.undated) legend.append(el("span", {class: "key"}, `${data.undated} undated`));
}

let eventsCursor = null;

async function loadEvents(more) {
  const tbody = document.querySelector("#events-table tbody");
  if (!more) { tbody.innerHTML = ""; eventsCursor = null; }
  const page = await api("/api/events", filterParams({limit: 50, cursor: more ? eventsCursor : ""}));
  for (const e of page.items) {
    tbody.append(el("tr", {"data-article": e.article, "data-event": e.id},
      el("td", {}, e.date || ""), el("td", {}, e.type),
      el("td", {}, (e.source || []).join(", ")), el("td", {}, e.trigger || ""),
      el("td", {}, (e.target || []).join(", ")), el("td", {}, e.place || ""),
      el("td", {}, el("a", {href: eventHref(e.article, e.id),
                            onclick: ev => { ev.preventDefault(); openEvent(e.article, e.id); }},
                      e.title || e.article.slice(0, 10)))));
  }
  eventsCursor = page.next;
  document.getElementById("events-more").hidden = !page.next;
  document.getElementById("events-count").textContent =
    `(${tbody.children.length}${page.next ? "+" : ""} shown)`;
}

function eventHref(article, id) {
  const p = filterParams({view: "article", article, event: id});
  return "?" + p.toString();
}

function openEvent(article, id) {
  state.view = "article";
  state.article = article;
  state.event = id;
  writeState(true);
  render();
}

// ------------------------------------------------------------------ map

async function initMap() {
  const map = L.map("map", {minZoom: 1, maxZoom: 12, worldCopyJump: true}).setView([20, 10], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth 1:110m via world-atlas (ISC)");
  const topo = await (await fetch("/static/vendor/world-atlas/countries-110m.json")).json();
  const countries = topojson.feature(topo, topo.objects.countries);
  countries.features = countries.features.filter(f => f.id !== "010");   // Antarctica
  for (const f of countries.features) unwrapRings(f.geometry);
  L.geoJSON(countries, {
    style: {color: "#9aa", weight: 0.7, fillColor: "#f5f2ea", fillOpacity: 1},
    interactive: false,
  }).addTo(map);
  const placesLayer = L.layerGroup().addTo(map);
  const layer = L.layerGroup().addTo(map);
  mapState = {map, layer, placesLayer, ready: false};
  document.getElementById("map-places").addEventListener("change", ev => {
    state.places = ev.target.checked ? "1" : "";
    writeState(false);
    loadPlaces();
  });
  map.on("moveend", () => { if (state.view === "map" && mapState.ready) loadMap(); });
  document.getElementById("map-bbox").addEventListener("click", () => {
    const b = map.getBounds();
    const c = (v, lo, hi) => Math.max(lo, Math.min(hi, v)).toFixed(3);
    setFilters({bbox: [c(b.getWest(), -180, 180), c(b.getSouth(), -90, 90),
                       c(b.getEast(), -180, 180), c(b.getNorth(), -90, 90)].join(",")});
  });
}

// world-atlas rings cross the antimeridian (-180 -> 180); keep their longitudes
// continuous so that Leaflet's flat map draws no line across the world.
function unwrapRings(geom) {
  if (!geom) return;
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
  for (const poly of polys) for (const ring of poly) {
    for (let i = 1; i < ring.length; i++) {
      const prev = ring[i - 1][0];
      let lon = ring[i][0];
      while (lon - prev > 180) lon -= 360;
      while (lon - prev < -180) lon += 360;
      ring[i] = [lon, ring[i][1]];
    }
  }
}

function goldsteinColour(g) {
  if (g === null || g === undefined) return "#666";
  return d3.interpolateRdYlGn((g + 10) / 20);
}

async function renderMap() {
  if (!mapState) await initMap();
  mapState.map.invalidateSize();
  mapState.ready = true;
  document.getElementById("map-places").checked = state.places === "1";
  await Promise.all([loadMap(), loadPlaces()]);
}

async function loadPlaces() {
  const {placesLayer} = mapState;
  placesLayer.clearLayers();
  if (state.places !== "1") return;
  const p = new URLSearchParams({limit: 1000});
  if (state.country) p.set("country", state.country);
  if (state.bbox) p.set("bbox", state.bbox);
  const data = await api("/api/map/places", p);
  const r = d3.scaleSqrt().domain([1, d3.max(data.points, x => x.mentions) || 1]).range([7, 18]);
  for (const x of data.points)
    L.circleMarker([x.lat, x.lon], {radius: r(x.mentions), color: "#6b4c9a", weight: 2, dashArray: "3 2",
      fillColor: "#b49ddb", fillOpacity: 0.35, className: "place-point"})
      .bindTooltip(el("span", {}, `${x.name}${x.country ? " (" + x.country + ")" : ""}: ${x.mentions} mentions in ${x.articles} articles`))
      .addTo(placesLayer);
}

async function loadMap() {
  const {map, layer} = mapState;
  const data = await api("/api/map", filterParams({zoom: map.getZoom()}));
  layer.clearLayers();
  for (const c of data.cells) {
    if (c.count === 1) {
      const m = L.circleMarker([c.lat, c.lon], {radius: 7, color: "#333", weight: 1,
        fillColor: goldsteinColour(c.goldstein), fillOpacity: 0.9,
        className: `ev-point ev-${c.article}-${c.id}`});
      m.bindTooltip(el("span", {}, `event ${c.id} — click to open it`));
      m.on("click", () => openEvent(c.article, c.id));
      m.addTo(layer);
    } else {
      const size = Math.round(22 + Math.min(30, Math.sqrt(c.count) * 2));
      const m = L.marker([c.lat, c.lon], {icon: L.divIcon({
        html: `<span style="line-height:${size - 4}px">${c.count}</span>`,
        className: "cluster-icon", iconSize: [size, size]})});
      m.on("click", async () => {
        if (data.clustered && map.getZoom() < 10) { map.setView([c.lat, c.lon], map.getZoom() + 2); return; }
        let sample = c.sample;
        if (!sample) {                 // a grid cell: its first events, from the event list
          const d = data.cell_deg, cl = (v, a) => Math.max(-a, Math.min(a, v)).toFixed(4);
          const box = [cl(c.lon - d, 180), cl(c.lat - d, 90), cl(c.lon + d, 180), cl(c.lat + d, 90)].join(",");
          const f = filterParams({limit: 20});
          if (!state.bbox) f.set("bbox", box);
          sample = (await api("/api/events", f)).items.map(e => ({...e, day: e.date}));
        }
        const list = el("ol", {class: "cluster-list"});
        for (const s of sample)
          list.append(el("li", {}, el("a", {href: eventHref(s.article, s.id), class: "ev-link",
            onclick: ev => { ev.preventDefault(); openEvent(s.article, s.id); }},
            `${s.day || ""} ${s.type} “${s.trigger || ""}”`), el("br"), el("small", {}, s.title || "")));
        const more = c.count > sample.length ? el("p", {}, `… and ${c.count - sample.length} more`) : null;
        L.popup().setLatLng([c.lat, c.lon]).setContent(el("div", {}, el("b", {}, `${c.count} events`), list, more)).openOn(map);
      });
      m.addTo(layer);
    }
  }
  document.getElementById("map-total").textContent =
    `${data.total} event${data.total === 1 ? "" : "s"} with coordinates${data.clustered ? " (clustered)" : ""}`;
  document.body.dataset.mapLoaded = String(Date.now());
}

// ------------------------------------------------------------------ actor network

async function renderNetwork() {
  const data = await api("/api/network", filterParams({max_edges: 150}));
  const svg = d3.select("#network");
  svg.selectAll("*").remove();
  const legend = document.getElementById("network-legend");
  legend.innerHTML = "";
  for (const [q, [name, colour]] of Object.entries(QUAD))
    legend.append(el("span", {class: "key"}, el("span", {class: "sw", style: `background:${colour}`}), `${q} ${name}`));
  const node = svg.node();
  const W = node.clientWidth || 900, H = node.clientHeight || 600;
  if (!data.edges.length) {
    svg.append("text").attr("x", 20).attr("y", 30).attr("class", "empty").text("No events with both a source and a target match these filters.");
    return;
  }
  const nodes = data.nodes.map(n => ({...n}));
  const links = data.edges.map(e => ({...e}));
  const maxCount = d3.max(links, l => l.count);
  const width = d3.scaleSqrt().domain([1, maxCount]).range([1.2, 9]);
  const radius = d3.scaleSqrt().domain([1, d3.max(nodes, n => n.count)]).range([5, 22]);
  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id(n => n.id).distance(90))
    .force("charge", d3.forceManyBody().strength(-220))
    .force("x", d3.forceX(W / 2).strength(0.06))
    .force("y", d3.forceY(H / 2).strength(0.08))
    .force("collide", d3.forceCollide(n => radius(n.count) + 4))
    .stop();
  for (let i = 0; i < 300; i++) sim.tick();
  for (const n of nodes) { n.x = Math.max(30, Math.min(W - 30, n.x)); n.y = Math.max(20, Math.min(H - 20, n.y)); }
  const defs = svg.append("defs");
  for (const [q, [, colour]] of Object.entries(QUAD))
    defs.append("marker").attr("id", "arrow" + q).attr("viewBox", "0 -5 10 10").attr("refX", 10)
      .attr("markerUnits", "userSpaceOnUse").attr("markerWidth", 9).attr("markerHeight", 9)
      .attr("orient", "auto")
      .append("path").attr("d", "M0,-5L10,0L0,5").attr("fill", colour);
  const colourOf = q => (QUAD[q] || ["", "#888"])[1];
  svg.append("g").selectAll("line").data(links).join("line")
    .attr("class", l => "edge quad" + l.quad_class)
    .attr("stroke", l => colourOf(l.quad_class)).attr("stroke-opacity", 0.75)
    .attr("stroke-width", l => width(l.count))
    .attr("marker-end", l => QUAD[l.quad_class] ? `url(#arrow${l.quad_class})` : null)
    .attr("x1", l => l.source.x).attr("y1", l => l.source.y)
    .attr("x2", l => { const dx = l.target.x - l.source.x, dy = l.target.y - l.source.y, d = Math.hypot(dx, dy) || 1; return l.target.x - dx / d * (radius(l.target.count) + 2); })
    .attr("y2", l => { const dx = l.target.x - l.source.x, dy = l.target.y - l.source.y, d = Math.hypot(dx, dy) || 1; return l.target.y - dy / d * (radius(l.target.count) + 2); })
    .append("title").text(l => `${l.source.id} → ${l.target.id}: ${l.count} events (quad ${l.quad_class})`);
  const g = svg.append("g").selectAll("g").data(nodes).join("g")
    .attr("transform", n => `translate(${n.x},${n.y})`).attr("class", "node").attr("data-name", n => n.id);
  g.append("circle").attr("r", n => radius(n.count)).attr("fill", "#4a6f96")
    .on("click", (ev, n) => setFilters({actor: n.id}))
    .append("title").text(n => `${n.id} (${n.code || "no code"}): ${n.count} events — click to filter`);
  g.append("text").attr("dx", n => radius(n.count) + 3).attr("dy", 4).text(n => n.id);
}

// ------------------------------------------------------------------ article view

async function renderArticle() {
  const list = document.getElementById("article-list");
  const box = document.getElementById("article");
  if (!state.article) {
    box.hidden = true;
    list.hidden = false;
    list.innerHTML = "";
    const p = new URLSearchParams();
    for (const k of ["q", "since", "until"]) if (state[k]) p.set(k, state[k]);
    p.set("limit", 100);
    const page = await api("/api/articles", p);
    list.append(el("h2", {}, "Articles"));
    if (!page.items.length) list.append(el("p", {class: "empty"}, "No article matches these filters."));
    const ol = el("ol");
    for (const a of page.items)
      ol.append(el("li", {}, el("a", {href: "?" + filterParams({view: "article", article: a.id}).toString(),
        onclick: ev => { ev.preventDefault(); state.article = a.id; delete state.event; writeState(true); render(); }},
        a.title || a.id), ` ${a.date || ""} — ${a.events} events, ${a.quotes} quotes`,
        a.snippet ? el("div", {class: "meta"}, a.snippet) : null));
    list.append(ol);
    return;
  }
  list.hidden = false;
  list.innerHTML = "";
  list.append(el("a", {href: "?" + filterParams({view: "article"}).toString(), onclick: ev => {
    ev.preventDefault(); delete state.article; delete state.event; writeState(true); render(); }}, "← all articles"));
  const rec = currentRecord && currentRecord.article.id === state.article ? currentRecord
    : await api("/api/articles/" + encodeURIComponent(state.article));
  currentRecord = rec;
  box.hidden = false;
  drawArticle(rec);
}

function drawArticle(rec) {
  const art = rec.article;
  document.getElementById("article-title").textContent = art.title || art.id;
  document.getElementById("article-meta").textContent =
    [art.date, art.source, art.url].filter(Boolean).join(" · ") + ` · id ${art.id}`;
  const chars = Array.from(art.text);          // spans count code points, as in Python
  const sel = rec.events.find(e => e.id === state.event) || null;
  const selActors = new Set(sel ? [...sel.source, ...sel.target] : []);
  const anns = [];                             // [start, end, class, label]
  const add = (span, cls, label, eventId) => { if (span && span[1] > span[0]) anns.push([span[0], span[1], cls, label, eventId]); };
  for (const a of rec.actors) {
    const spans = [...(a.mentions || [])];
    if (a.span && !spans.some(s => s[0] === a.span[0] && s[1] === a.span[1])) spans.push(a.span);
    for (const s of spans) add(s, "hl-actor" + (selActors.has(a.id) ? " sel-actor" : ""), `actor ${a.id}: ${a.name}${a.code ? " (" + a.code + ")" : ""}`);
  }
  for (const e of rec.events)
    add(e.trigger && e.trigger.span, "hl-trigger" + (sel && sel.id === e.id ? " sel-trigger" : ""), `event ${e.id}: ${e.plover.type} ${e.cameo.code} (click to select)`, e.id);
  for (const t of rec.times) add(t.span, "hl-time", `time ${t.id}: ${t.value || ""}`);
  for (const p of rec.places) add(p.span, "hl-place", `place ${p.id}: ${p.name || p.text}${p.country ? " (" + p.country + ")" : ""}`);
  for (const q of rec.quotes) add(q.content && q.content.span, "hl-quote", `quote ${q.id} (${q.kind || ""}) by ${(q.speaker && q.speaker.text) || "?"}`);
  const cuts = new Set([0, chars.length]);
  for (const [s, e] of anns) { cuts.add(Math.max(0, Math.min(chars.length, s))); cuts.add(Math.max(0, Math.min(chars.length, e))); }
  const bounds = [...cuts].sort((a, b) => a - b);
  const box = document.getElementById("article-text");
  box.innerHTML = "";
  for (let i = 0; i + 1 < bounds.length; i++) {
    const s = bounds[i], e = bounds[i + 1];
    const text = chars.slice(s, e).join("");
    const on = anns.filter(a => a[0] <= s && a[1] >= e);
    if (!on.length) { box.append(text); continue; }
    const classes = [...new Set(on.flatMap(a => a[2].split(" ")))].join(" ");
    const ev = on.find(a => a[4]);
    box.append(el("span", {class: classes, "data-start": s, "data-end": e, "data-event": ev ? ev[4] : null,
      title: on.map(a => a[3]).join("\n"),
      onclick: ev ? () => { state.event = ev[4]; writeState(false); drawArticle(rec); } : null}, text));
  }
  const ol = document.querySelector("#article-events ol");
  ol.innerHTML = "";
  const actorName = Object.fromEntries(rec.actors.map(a => [a.id, a.name]));
  const placeName = Object.fromEntries(rec.places.map(p => [p.id, p.name || p.text]));
  for (const e of rec.events) {
    const hid = (rec.happenings || {})[e.id];
    const li = el("li", {"data-event": e.id, class: sel && sel.id === e.id ? "selected" : "",
      onclick: () => { state.event = e.id; writeState(false); drawArticle(rec); scrollToSelected(); }},
      el("span", {class: "ev-type", style: `border-left: 4px solid ${typeColour(e.plover.type)}; padding-left: 3px`}, `${e.plover.type} ${e.cameo.code}`), " ",
      `${e.source.map(x => actorName[x] || x).join(", ") || "?"} → ${e.target.map(x => actorName[x] || x).join(", ") || "—"}`,
      el("br"), `“${(e.trigger && e.trigger.text) || ""}”`,
      e.date && e.date.value ? ` · ${e.date.value}` : "",
      e.location && e.location.place ? ` · ${placeName[e.location.place] || e.location.place}` : "",
      e.modality ? ` · ${e.modality}` : "", e.negated ? " · negated" : "",
      hid ? el("span", {}, " · ", el("a", {href: "/api/happenings/" + encodeURIComponent(hid), class: "happening", title: "the happening this report belongs to"}, `happening ${hid}`)) : null);
    ol.append(li);
  }
  if (!rec.events.length) ol.append(el("li", {class: "empty"}, "No event was coded in this article."));
}

function scrollToSelected() {
  const t = document.querySelector("#article-text .sel-trigger");
  if (t) t.scrollIntoView({block: "center", behavior: "smooth"});
}

// ------------------------------------------------------------------ quotes

async function renderQuotes() {
  const search = document.getElementById("quote-search");
  search.value = state.qq || "";
  const base = {q: state.qq, since: state.since, until: state.until};
  const speakers = await api("/api/quotes/speakers", new URLSearchParams(Object.entries({...base, limit: 100}).filter(([, v]) => v)));
  const ul = document.getElementById("speakers");
  ul.innerHTML = "";
  for (const s of speakers.items)
    ul.append(el("li", {class: state.speaker === s.speaker ? "selected" : "", onclick: () => {
      state.speaker = state.speaker === s.speaker ? "" : s.speaker; writeState(true); render(); }},
      `${s.speaker} `, el("small", {}, `${s.code || ""} · ${s.quotes}`)));
  const p = new URLSearchParams(Object.entries({...base, speaker: state.speaker, actor: state.country, limit: 200}).filter(([, v]) => v));
  const page = await api("/api/quotes", p);
  document.getElementById("quote-speaker-filter").textContent = state.speaker ? `speaker: ${state.speaker} (click again to clear)` : "";
  const box = document.getElementById("quotes");
  box.innerHTML = "";
  if (!page.items.length) box.append(el("p", {class: "empty"}, "No quote matches."));
  for (const q of page.items)
    box.append(el("blockquote", {"data-article": q.article, "data-quote": q.id}, q.content,
      el("div", {class: "who"}, `— ${q.actor || q.speaker || "unknown speaker"}${q.actor_code ? " (" + q.actor_code + ")" : ""}, ${q.kind || ""} · `,
        el("a", {href: "?" + filterParams({view: "article", article: q.article}).toString(), onclick: ev => {
          ev.preventDefault(); state.view = "article"; state.article = q.article; delete state.event; writeState(true); render(); }},
          q.title || q.article.slice(0, 10)), ` ${q.date || ""}`)));
}

function initQuotes() {
  let timer = null;
  document.getElementById("quote-search").addEventListener("input", ev => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.qq = ev.target.value.trim(); writeState(false); render(); }, 300);
  });
  document.getElementById("unit").addEventListener("change", ev => { state.unit = ev.target.value; writeState(true); render(); });
  document.getElementById("events-more").addEventListener("click", () => loadEvents(true));
}

// ------------------------------------------------------------------ start

(async function main() {
  try {
    const stats = await api("/api/stats");
    ploverTypes = stats.server.plover_types;
    document.getElementById("summary").textContent =
      `${stats.layers.events} events · ${stats.layers.articles} articles · ${stats.layers.quotes} quotes` +
      (stats.server.writable ? " · writable" : " · read-only");
  } catch (e) { ploverTypes = []; }
  typeColour = d3.scaleOrdinal().domain(ploverTypes)
    .range([...d3.schemeTableau10, "#8c564b", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#e7969c"]);
  initForm();
  initQuotes();
  await render();
  if (state.view === "article") scrollToSelected();
})();
