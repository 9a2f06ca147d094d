// The sandbox's booking form: a minimal stand-in for the customer form at
// n{form}.yclients.com (and its observed deep link
// /company/{cid}/personal/select-time?o=m{staff}s{service}). It offers free
// times, creates a record as book_record would, and sends the record webhook.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CreateRecord, FakeState, Notify } from "./yclients.js";

const escape = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>YClients sandbox</title><style>body{font:16px system-ui;margin:1rem;max-width:30rem}label{display:block;margin:.5rem 0}fieldset{border:1px solid #ccc}button{font:inherit;padding:.4rem 1rem}</style></head>
<body><p><small>YClients sandbox (development only)</small></p>${body}</body></html>`);
}

/** `o=m1901s5147108` → the chosen master (-1: any) and service. */
function choice(url: URL): { staffId: number | null; serviceId: number | null } {
  const m = /^m(-?\d+)s(\d+)/.exec(url.searchParams.get("o") ?? "");
  return { staffId: m && Number(m[1]) > 0 ? Number(m[1]) : null, serviceId: m ? Number(m[2]) : null };
}

function freeTimes(state: FakeState, staffId: number): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  const busy = new Set([...state.records.values()].filter((r) => !r.deleted && Number(r.staff_id) === staffId).map((r) => String(r.date).slice(0, 16)));
  for (let day = 1; day <= 7 && out.length < 24; day++) {
    const date = new Date(Date.now() + 3 * 3_600_000 + day * 86_400_000).toISOString().slice(0, 10);
    for (const hour of [10, 12, 14, 16]) {
      const wall = `${date} ${String(hour).padStart(2, "0")}:00`;
      if (!busy.has(wall)) out.push({ value: `${date}T${wall.slice(11)}:00+03:00`, label: wall });
    }
  }
  return out;
}

export function bookingForm(res: ServerResponse, url: URL, state: FakeState) {
  const { staffId, serviceId } = choice(url);
  const service = state.services.find((s) => Number(s.id) === serviceId);
  const master = state.staff.find((m) => Number(m.id) === staffId) ?? state.staff.find((m) => service?.staff?.some((x: { id: unknown }) => Number(x.id) === Number(m.id)));
  if (!service || !master) {
    const options = state.services.flatMap((s) =>
      (s.staff ?? []).map((x: { id: unknown }) => {
        const m = state.staff.find((y) => Number(y.id) === Number(x.id));
        return `<li><a href="?o=m${Number(x.id)}s${Number(s.id)}">${escape(s.title)} — ${escape(m?.name ?? x.id)}</a></li>`;
      }),
    );
    return page(res, 200, `<h1>Онлайн-запись</h1><p>Выберите услугу и мастера:</p><ul>${options.join("")}</ul>`);
  }
  const times = freeTimes(state, Number(master.id));
  page(
    res,
    200,
    `<h1>${escape(service.title)}</h1><p>Мастер: ${escape(master.name)}</p>
<form method="post" action="?o=m${Number(master.id)}s${Number(service.id)}">
<fieldset><legend>Время</legend>${times.map((t, i) => `<label><input type="radio" name="datetime" value="${escape(t.value)}" ${i === 0 ? "checked" : ""}> ${escape(t.label)}</label>`).join("")}</fieldset>
<label>Имя <input name="fullname" required autocomplete="name"></label>
<label>Телефон <input name="phone" required type="tel" autocomplete="tel"></label>
<label>Email <input name="email" type="email" autocomplete="email"></label>
<button type="submit">Записаться</button></form>`,
  );
}

export async function formSubmit(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: { state: FakeState; createRecord: CreateRecord; notify: Notify; readBody: (req: IncomingMessage) => Promise<string> },
) {
  const { staffId, serviceId } = choice(url);
  const form = new URLSearchParams(await deps.readBody(req));
  const fullname = form.get("fullname")?.trim();
  const phone = form.get("phone")?.trim();
  const datetime = form.get("datetime");
  if (!staffId || !serviceId || !fullname || !phone || !datetime) return page(res, 422, `<p role="alert">Заполните имя, телефон и время.</p><a href="?o=${escape(url.searchParams.get("o") ?? "")}">Назад</a>`);
  const { record } = deps.createRecord({ staffId, serviceId, datetime, name: fullname, phone, email: form.get("email")?.trim() ?? "" });
  // The record reaches the salon app by webhook, as from YClients.
  await deps.notify("create", record);
  page(res, 201, `<h1 role="status">Вы записаны</h1><p>Запись №${Number(record.id)}: ${escape(record.date)}.</p>`);
}

/** The sandbox's own page: what it holds, and switches for an outage and for stopping it. */
export function sandboxPage(res: ServerResponse, state: FakeState) {
  const down = state.rules.some((r) => r.path === "/" && r.mode === "down");
  const records = [...state.records.values()].sort((a, b) => Number(b.id) - Number(a.id)).slice(0, 20);
  page(
    res,
    200,
    `<h1>YClients sandbox</h1>
<p>Status: <strong>${down ? "outage (the API and the form do not answer)" : "up"}</strong></p>
<p><a href="/">Booking form</a></p>
<button onclick="fetch('/__fake/outage',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({on:${!down}})}).then(()=>location.reload())">${down ? "End the outage" : "Simulate an outage"}</button>
<button onclick="fetch('/__fake/stop',{method:'POST'}).then(()=>document.body.append('Stopped.'))">Stop the sandbox</button>
<h2>Records</h2><ul>${records.map((r) => `<li>№${Number(r.id)} ${escape(r.date)} — ${escape(r.client?.display_name ?? r.client?.name ?? "")}${r.deleted ? " (deleted)" : ""}</li>`).join("") || "<li>none yet</li>"}</ul>`,
  );
}
