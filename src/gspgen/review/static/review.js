// gspgen review page. Generated text is untrusted: every piece of data goes into the DOM through
// textContent / value, never innerHTML. State changes are POSTs carrying the page's CSRF token.
"use strict";

const state = {
  index: null, // /api/index: glosses with field keys, parts and my status
  pos: 0, // position in index.glosses
  record: null, // /api/record for the current gloss
  field: 0, // current field (index into record.fields)
  filter: "all",
  others: false,
  editing: null, // "reject" | "edit" while a field form is open
  undo: [], // decisions made on this page, newest last: {class_id, key, field, previous}
};
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function notice(message) {
  const box = $("notice");
  box.textContent = message || "";
  box.hidden = !message;
}

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, init);
  const payload = await response.json();
  if (!response.ok) throw new Error(payload.error || response.statusText);
  return payload;
}

// ---- filters: which glosses n/p visit and which fields j/k visit
function matches(field) {
  if (state.filter === "all") return true;
  if (state.filter === "pending") return !field.mine;
  if (state.filter === "rejected") return field.mine === "rejected";
  return field.parts.includes(state.filter.slice("part:".length));
}
const visible = (gloss) => gloss.fields.some(matches);
function currentIndexFields() {
  return state.index.glosses[state.pos].fields;
}

// ---- loading
async function init() {
  try {
    state.index = await api("/api/index");
  } catch (error) {
    return notice(`cannot load: ${error.message}`);
  }
  const filter = $("filter");
  for (const tag of state.index.part_tags) filter.append(el("option", { value: `part:${tag}`, text: `part: ${tag}` }));
  if (state.index.flags_note) notice(state.index.flags_note);
  const wanted = Number.parseInt(location.hash.slice(1), 10);
  const at = state.index.glosses.findIndex((g) => g.class_id === wanted);
  await show(at >= 0 ? at : 0);
}

async function show(pos, field = 0) {
  if (!state.index.glosses.length) return notice("this file has no records");
  state.pos = pos;
  const gloss = state.index.glosses[pos];
  try {
    state.record = await api(`/api/record?class_id=${gloss.class_id}&others=${state.others ? 1 : 0}`);
  } catch (error) {
    return notice(`cannot load gloss: ${error.message}`);
  }
  history.replaceState(null, "", `#${gloss.class_id}`);
  state.editing = null;
  state.field = field;
  const first = currentIndexFields()[field];
  if (!first || !matches(first)) moveField(1, true);
  render();
}

// ---- rendering
const ORIGINS = {
  facts: "rendered by code from the dictionary's coded columns",
  generated: "holds an LLM rewording of a fact sentence that passed the checker at once",
  repaired: "holds an LLM rewording that passed the checker after one re-ask",
  fallback: "code phrasings of the facts only",
};
function render() {
  const record = state.record;
  $("gloss").textContent = record.glosses.join(" · ");
  $("position").textContent = `class ${record.class_id} · ${state.pos + 1} / ${state.index.glosses.length} · ${record.language} · ${record.model}`;
  $("primary").textContent = record.primary_description;
  $("progress-bar").max = Math.max(state.index.total, 1);
  $("progress-bar").value = state.index.reviewed;
  $("progress-text").textContent = `reviewed ${state.index.reviewed} / ${state.index.total}`;
  $("evidence").replaceChildren(...record.evidence.map(renderEvidence));
  $("fields").replaceChildren(...record.fields.map(renderField));
  const active = $("fields").children[state.field];
  if (active) active.scrollIntoView({ block: "nearest" });
}

function renderEvidence(e) {
  const where = [e.source, e.page ? `p. ${e.page}` : null, e.row ? `row ${e.row}` : null].filter(Boolean).join(" · ");
  return el("li", { class: "evidence" },
    el("div", { class: "meta" },
      el("span", { class: "source", text: where }),
      el("span", { class: "score", text: `score ${e.score.toFixed(2)} · ${e.match} · ${e.step}` })),
    el("p", { class: "excerpt", text: e.text }));
}

function renderDecision(d, who) {
  const box = el("div", { class: `decision ${d.decision}` },
    el("span", { class: "badge", text: `${who}: ${d.decision}` }));
  if (d.reason) box.append(el("span", { class: "reason", text: d.reason }));
  if (d.note) box.append(el("span", { class: "note", text: d.note }));
  if (d.decision === "edited") box.append(el("p", { class: "after", text: d.after }));
  return box;
}

function renderField(f, i) {
  const item = el("li", {
    class: `field${i === state.field ? " active" : ""}${matches(currentIndexFields()[i]) ? "" : " dimmed"}`,
    "data-key": f.key,
    "data-status": f.mine ? f.mine.decision : "pending",
  });
  const head = el("div", { class: "head" }, el("span", { class: "key", text: f.key }));
  for (const part of f.parts) head.append(el("span", { class: "tag", text: part }));
  if (f.origin) head.append(el("span", { class: `origin ${f.origin}`, text: f.origin, title: ORIGINS[f.origin] }));
  item.append(head);
  item.append(el("p", { class: f.mine && f.mine.decision === "edited" ? "text original" : "text", text: f.text }));
  for (const flag of f.flags) item.append(el("p", { class: "flag", text: `⚠ ${flag}` }));
  if (f.mine) item.append(renderDecision(f.mine, "you"));
  for (const other of f.others || []) item.append(renderDecision(other, other.reviewer));
  if (i === state.field && state.editing) item.append(renderForm(f));
  else item.append(renderButtons(i));
  item.addEventListener("click", (event) => {
    if (event.target.closest("button, select, input, textarea, form")) return;
    state.field = i;
    render();
  });
  return item;
}

function renderButtons(i) {
  const go = (action) => () => { state.field = i; action(); };
  const accept = el("button", { type: "button", class: "accept", text: "accept (a)" });
  const reject = el("button", { type: "button", class: "reject", text: "reject (r)" });
  const edit = el("button", { type: "button", class: "edit", text: "edit (e)" });
  accept.addEventListener("click", go(acceptField));
  reject.addEventListener("click", go(() => openForm("reject")));
  edit.addEventListener("click", go(() => openForm("edit")));
  return el("div", { class: "actions" }, accept, reject, edit);
}

function renderForm(f) {
  const form = el("form", { class: `form ${state.editing}` });
  if (state.editing === "reject") {
    const reason = el("select", { name: "reason" });
    state.index.reasons.forEach((r, n) => reason.append(el("option", { value: r, text: `${n + 1} ${r}` })));
    if (f.mine && f.mine.reason) reason.value = f.mine.reason;
    const note = el("input", { name: "note", type: "text", placeholder: "note (why, what is right)" });
    note.value = f.mine ? f.mine.note : "";
    reason.addEventListener("keydown", (e) => {
      const n = Number.parseInt(e.key, 10);
      if (n >= 1 && n <= state.index.reasons.length) { e.preventDefault(); reason.selectedIndex = n - 1; note.focus(); }
    });
    form.append(reason, note, el("button", { type: "submit", text: "reject" }));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      decide({ decision: "rejected", reason: reason.value, note: note.value });
    });
    setTimeout(() => reason.focus(), 0);
  } else {
    const text = el("textarea", { name: "after", rows: "3" });
    text.value = f.mine && f.mine.after ? f.mine.after : f.text;
    const note = el("input", { name: "note", type: "text", placeholder: "note (optional)" });
    form.append(text, note, el("button", { type: "submit", text: "save edit" }));
    const save = () => decide({ decision: "edited", after: text.value, note: note.value });
    form.addEventListener("submit", (e) => { e.preventDefault(); save(); });
    text.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); save(); }
    });
    setTimeout(() => text.focus(), 0);
  }
  const cancel = el("button", { type: "button", class: "cancel", text: "cancel (Esc)" });
  cancel.addEventListener("click", closeForm);
  form.append(cancel);
  form.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.preventDefault(); closeForm(); } });
  return form;
}

// ---- actions
function openForm(kind) { state.editing = kind; render(); }
function closeForm() { state.editing = null; render(); }
const acceptField = () => decide({ decision: "accepted" });

async function post(class_id, key, body) {
  const result = await api("/api/decision", { class_id, key, ...body });
  Object.assign(state.index, { reviewed: result.reviewed, total: result.total });
  return result.mine;
}

async function decide(body) {
  const f = state.record.fields[state.field];
  const previous = f.mine;
  try {
    f.mine = await post(state.record.class_id, f.key, body);
    currentIndexFields()[state.field].mine = f.mine.decision;
    notice(state.index.flags_note);
  } catch (error) {
    notice(`not saved: ${error.message}`);
    return;
  }
  state.undo.push({ class_id: state.record.class_id, key: f.key, field: state.field, previous });
  state.editing = null;
  moveField(1);
  render();
}

// Undo appends, never deletes: the earlier decision again, or "withdrawn" (pending) if there was none.
async function undo() {
  const last = state.undo.pop();
  if (!last) return notice("nothing to undo on this page");
  const p = last.previous;
  const body = p ? { decision: p.decision, reason: p.reason, note: p.note, after: p.after } : { decision: "withdrawn" };
  try {
    await post(last.class_id, last.key, body);
  } catch (error) {
    state.undo.push(last);
    return notice(`undo not saved: ${error.message}`);
  }
  const pos = state.index.glosses.findIndex((g) => g.class_id === last.class_id);
  state.index.glosses[pos].fields[last.field].mine = p ? p.decision : null;
  notice(`undone: ${last.key} of class ${last.class_id} is ${p ? p.decision : "pending"} again`);
  await show(pos, last.field);
}

function moveField(step, quiet = false) {
  const fields = currentIndexFields();
  for (let i = state.field + step; i >= 0 && i < fields.length; i += step) {
    if (matches(fields[i])) { state.field = i; return true; }
  }
  if (!quiet) render();
  return false;
}

async function moveGloss(step) {
  const glosses = state.index.glosses;
  for (let i = state.pos + step; i >= 0 && i < glosses.length; i += step) {
    if (visible(glosses[i])) return show(i, 0);
  }
  notice(step > 0 ? "no further gloss matches the filter" : "no earlier gloss matches the filter");
}

async function setFilter(value) {
  state.filter = value;
  $("filter").value = value;
  if (!visible(state.index.glosses[state.pos])) return moveGloss(1);
  if (!matches(currentIndexFields()[state.field])) moveField(1, true);
  render();
}

function cycleFilter() {
  const options = [...$("filter").options].map((o) => o.value);
  setFilter(options[(options.indexOf(state.filter) + 1) % options.length]);
}

function toggleOthers() {
  state.others = !state.others;
  $("others").checked = state.others;
  show(state.pos, state.field);
}

function toggleHelp(force) {
  const help = $("help");
  help.hidden = force === undefined ? !help.hidden : !force;
}

const keys = {
  j: () => { if (moveField(1)) render(); },
  k: () => { if (moveField(-1)) render(); },
  n: () => moveGloss(1),
  p: () => moveGloss(-1),
  a: acceptField,
  r: () => openForm("reject"),
  e: () => openForm("edit"),
  u: undo,
  f: cycleFilter,
  o: toggleOthers,
  "?": () => toggleHelp(),
  Escape: () => toggleHelp(false),
};

document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
  const action = keys[event.key];
  if (!action || !state.record) return;
  event.preventDefault();
  action();
});

document.addEventListener("DOMContentLoaded", () => {
  $("prev").addEventListener("click", () => moveGloss(-1));
  $("next").addEventListener("click", () => moveGloss(1));
  $("filter").addEventListener("change", (e) => setFilter(e.target.value));
  $("others").addEventListener("change", toggleOthers);
  $("help-button").addEventListener("click", () => toggleHelp());
  init();
});
