// The live preview page: draws the state from /api/state and reloads it on every server-sent 'render' event.
"use strict";

const $ = (id) => document.getElementById(id);
let shown = "";

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function pageSize(page) {
  const zoom = $("zoom").value;
  if (zoom === "fit") return { height: Math.max(300, window.innerHeight - 120) + "px" };
  return { width: Math.round(page.width * Number(zoom) / 100) + "px" };
}

function drawPages(state) {
  const box = $("pages");
  box.replaceChildren();
  for (const page of state.pages) {
    const fig = el("figure", { "data-page": page.number });
    const sheet = el("div", { class: "sheet" });
    const size = pageSize(page);
    if (size.height) {
      sheet.style.height = size.height;
      sheet.style.width = `calc(${size.height} * ${page.width / page.height})`;
    } else {
      sheet.style.width = size.width;
    }
    sheet.append(el("img", { class: "page", src: page.png, alt: `第${page.label}版` }));
    if (page.guides) sheet.append(el("img", { class: "guides", src: page.guides, alt: "" }));
    const link = el("a", { href: page.pdf }, "PDF");
    const caption = el("figcaption", {}, `第${page.label}版${page.title ? " " + page.title : ""} · ${page.name}.pdf `);
    caption.append(link);
    fig.append(sheet, caption);
    box.append(fig);
  }
}

function drawErrors(state) {
  const box = $("errors");
  box.replaceChildren();
  box.hidden = state.errors.length === 0;
  if (box.hidden) return;
  box.append(el("h2", {}, state.kept ? `Error — showing the last good pages (rendered ${state.good_at})` : "Error — nothing rendered yet"));
  const list = el("ul");
  for (const e of state.errors) {
    const item = el("li");
    if (e.where) item.append(el("code", {}, e.where), document.createTextNode(": "));
    item.append(document.createTextNode(e.message));
    list.append(item);
  }
  box.append(list);
}

function drawReport(state) {
  const body = $("report-table").querySelector("tbody");
  body.replaceChildren();
  for (const r of state.rows) {
    const tr = el("tr", { class: r.kind });
    tr.append(el("td", { class: "num" }, r.page), el("td", {}, r.region), el("td", {}, r.story),
      el("td", { class: "kind" }, r.text), el("td", { class: "num" }, r.chars), el("td", { class: "num" }, r.lines || ""));
    body.append(tr);
  }
  $("report-empty").hidden = state.rows.length > 0 || state.placeholder;
  $("problems").replaceChildren(...state.problems.map((p) => el("li", {}, p)));
  $("warnings").replaceChildren(...state.warnings.map((w) => el("li", {}, w)));
  $("warnings-box").hidden = state.warnings.length === 0;
  $("warning-count").textContent = `(${state.warnings.length})`;
}

function reportSeen(state) {
  const images = Array.from(document.querySelectorAll("#pages img.page"));
  Promise.all(images.map((img) => img.complete ? Promise.resolve() : new Promise((ok) => {
    img.addEventListener("load", ok); img.addEventListener("error", ok);
  }))).then(() => {
    const loaded = images.filter((img) => img.naturalWidth > 0).length;
    const rows = document.querySelectorAll("#report-table tbody tr").length;
    fetch("/api/seen", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ version: state.version, images: loaded, rows: rows, errors: state.errors.length }) });
  });
}

async function load() {
  show(await (await fetch("/api/state", { cache: "no-store" })).json());
}

function show(state) {
  const key = `${state.version} ${state.time}`;  // a restarted server counts from 1 again
  if (!state.pages || key === shown) return;
  shown = key;
  $("source").textContent = state.source;
  $("version").textContent = state.version;
  $("status").textContent = state.line || "rendering…";
  $("status").className = state.errors && state.errors.length ? "error" : "ok";
  drawErrors(state);
  drawPages(state);
  drawReport(state);
  window.lastState = state;
  reportSeen(state);
}

function start() {
  const toggle = $("guides-toggle");
  toggle.checked = localStorage.getItem("guides") !== "off";
  document.body.classList.toggle("no-guides", !toggle.checked);
  toggle.addEventListener("change", () => {
    document.body.classList.toggle("no-guides", !toggle.checked);
    localStorage.setItem("guides", toggle.checked ? "on" : "off");
  });
  $("zoom").addEventListener("change", () => { if (window.lastState) drawPages(window.lastState); });
  const events = new EventSource("/events");
  events.addEventListener("render", () => load());
  events.onerror = () => { $("status").textContent = "disconnected — is render.py serve still running?"; $("status").className = "error"; };
  show(JSON.parse($("initial-state").textContent));  // drawn before the load event: no empty first paint
}

start();
