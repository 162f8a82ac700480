// The dashboard's script, in three files loaded in order: base.js (settings, state, small helpers:
// DOM building, fetching, formatting), render.js (drawing from `state`), live.js (updates; it starts
// the page). It polls /health and /jobs and follows active jobs over /jobs/{id}/stream.
//
// Everything is built with DOM calls and textContent, never parsed as HTML, so file names and error
// messages are shown as text whatever they contain. A browser opens only a few connections per
// server, so at most MAX_STREAMS jobs are followed live; the others are refreshed with the poll.
"use strict";
const POLL_MS = 2000,
  MAX_STREAMS = 4,
  PAGE = 50,
  DETAIL_FETCHES = 4;
const ACTIVE = new Set(["queued", "running", "interrupted"]);
const STATUSES = ["queued", "running", "interrupted", "completed", "failed", "cancelled"];
const state = {
  jobs: [],
  info: new Map(),
  results: new Map(),
  streams: new Map(),
  open: new Set(),
  rows: new Map(),
  filter: "",
  limit: PAGE,
  health: null,
  seen: new Set(),
};
const $ = (id) => document.getElementById(id);

// Invisible format characters (a right-to-left override U+202E, zero widths) and controls but
// tab and newline are shown as a visible mark such as <U+202E>: a file name cannot display as another.
const HIDDEN = /[\p{Cf}\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;
function visible(text) {
  return String(text).replace(
    HIDDEN,
    (c) => "\u2039U+" + c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0") + "\u203a"
  );
}
const SHOWN_ATTRS = new Set(["title", "aria-label"]); // text a person reads; href and data stay exact

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = visible(value);
    else if (SHOWN_ATTRS.has(key)) node.setAttribute(key, visible(value));
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

class AuthNeeded extends Error {}

async function getJSON(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
  if (response.status === 401) throw new AuthNeeded("the API token is needed");
  if (!response.ok) throw new Error(path + " answered HTTP " + response.status);
  return response.json();
}

function secondsSince(iso) {
  return iso ? Math.max(0, (Date.now() - Date.parse(iso)) / 1000) : null;
}
function span(seconds) {
  if (seconds === null || seconds === undefined) return "";
  if (seconds < 1) return Math.round(seconds * 1000) + " ms";
  if (seconds < 60) return (seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)) + " s";
  if (seconds < 3600) return Math.floor(seconds / 60) + " min " + Math.round(seconds % 60) + " s";
  return Math.floor(seconds / 3600) + " h " + Math.round((seconds % 3600) / 60) + " min";
}
function ago(seconds) {
  if (seconds === null) return "";
  if (seconds < 5) return "just now";
  if (seconds < 60) return Math.round(seconds) + " s ago";
  if (seconds < 86400) return span(seconds).replace(/ \d+ (s|min)$/, "") + " ago";
  return Math.floor(seconds / 86400) + " d ago";
}
function when(iso) {
  return el("time", {
    datetime: iso,
    title: iso ? new Date(iso).toLocaleString() : null,
    text: ago(secondsSince(iso)),
  });
}
function label(status) {
  return status.charAt(0).toUpperCase() + status.slice(1);
}
function badge(status) {
  return el("span", { class: "badge st-" + status, text: label(status) });
}
function pathUrl(path) {
  return path.split("/").map(encodeURIComponent).join("/");
}
