"use strict";
// The gateway's console: lists the registry's services and calls their methods through the gateway's own routes
// (docs/gateway.md). Text from services is always set as textContent, never parsed as HTML.

const tokenInput = document.getElementById("token");
const statusLine = document.getElementById("status");
const servicesBox = document.getElementById("services");

tokenInput.value = sessionStorage.getItem("farine.token") || "";
tokenInput.addEventListener("change", () => { sessionStorage.setItem("farine.token", tokenInput.value); load(); });
document.getElementById("refresh").addEventListener("click", load);

function headers(extra) {
  const all = Object.assign({}, extra);
  if (tokenInput.value) all["Authorization"] = "Bearer " + tokenInput.value;
  return all;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

async function load() {
  statusLine.textContent = "loading…";
  let res, body;
  try {
    res = await fetch("/services", { headers: headers() });
    body = await res.json();
  } catch (e) {
    statusLine.textContent = "the gateway does not answer: " + e;
    return;
  }
  if (!res.ok) {
    statusLine.textContent = body.error.type + ": " + body.error.message;
    return;
  }
  render(body.instances);
  const names = new Set(body.instances.map(i => i.service));
  statusLine.textContent = names.size + " services, " + body.instances.length + " instances";
}

function render(instances) {
  servicesBox.replaceChildren();
  const byService = new Map();
  for (const i of instances) {
    if (!byService.has(i.service)) byService.set(i.service, []);
    byService.get(i.service).push(i);
  }
  for (const [service, running] of byService) {
    const section = el("section", { class: "service", "data-service": service }, el("h2", {}, service));
    const list = el("ul", { class: "instances" });
    for (const i of running) {
      list.append(el("li", { class: "instance" }, i.host + " pid " + i.pid + " · farine " + i.version + " · since " + i.started));
    }
    section.append(list);
    for (const m of running[running.length - 1].methods) section.append(method(service, m));
    servicesBox.append(section);
  }
}

function method(service, m) {
  const params = m.parameters.map(p => p.name).join(", ");
  const title = el("h3", {}, m.name + "(" + params + ")");
  if (m.streaming) title.append(el("span", { class: "badge" }, "streams"));
  if (m.private_method) title.append(el("span", { class: "badge" }, "private"));
  const args = el("textarea", { class: "args", spellcheck: "false", "aria-label": "JSON arguments of " + m.name });
  args.value = "[]";
  args.placeholder = "[" + params + "] or {\"kwargs\": {…}}";
  const button = el("button", { type: "button", class: "call" }, "Call");
  const out = el("pre", { class: "result" });
  const items = el("ol", { class: "items" });
  button.addEventListener("click", () => call(service, m, args.value, out, items, button));
  return el("div", { class: "method", "data-method": m.name }, title, args, button, items, out);
}

async function call(service, m, body, out, items, button) {
  out.replaceChildren();
  out.className = "result";
  items.replaceChildren();
  button.disabled = true;
  try {
    const res = await fetch("/rpc/" + encodeURIComponent(service) + "/" + encodeURIComponent(m.name), {
      method: "POST", body: body,
      headers: headers({ "Content-Type": "application/json", "Accept": m.streaming ? "text/event-stream" : "application/json" }),
    });
    if (!res.ok) {
      const error = await res.json().then(b => b.error, () => ({ type: "HTTP " + res.status, message: res.statusText }));
      return showError(out, error);
    }
    if (!m.streaming) {
      out.textContent = JSON.stringify(await res.json(), null, 2);
    } else {
      await readEvents(res.body, data => items.append(el("li", { class: "item" }, JSON.stringify(data))), error => showError(out, error));
    }
    out.classList.add("done");
  } catch (e) {
    showError(out, { type: "NetworkError", message: String(e) });
  } finally {
    button.disabled = false;
  }
}

// Server-Sent Events over a fetch body (EventSource cannot POST): blocks separated by a blank line
async function readEvents(stream, onItem, onError) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffered.indexOf("\n\n")) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      let event = "message", data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      if (event === "message") onItem(JSON.parse(data));
      else if (event === "error") onError(JSON.parse(data).error);
    }
  }
}

function showError(out, error) {
  out.classList.add("error", "done");
  out.replaceChildren(el("span", { class: "error-type" }, error.type), ": ", el("span", { class: "error-message" }, error.message));
}

load();
