// /admin/clients: search by phone or name, a client card, the salon's notes.
import { eq } from "drizzle-orm";
import { doc } from "../../http/openapi.js";
import { ClientCard, ClientEnvelope, ClientList, ClientsQuery, ListQuery, UpdateClientBody } from "../../contracts/admin.js";
import { idParam, jsonBody, parseWith } from "../../http/validate.js";
import { auditInsert } from "../../repo/audit.js";
import { clientBookings, clientTotals, findClient, searchClients } from "../../repo/clients.js";
import { requestDb, schema as s } from "../../repo/db.js";
import { balanceOf } from "../../repo/loyalty.js";
import { loadSettings } from "../../repo/settings.js";
import { bookingViews } from "../../reservations/views.js";
import { exportPerson } from "../../account/export.js";
import { PersonalDataExport } from "../../contracts/legal.js";
import { consentState } from "../../legal/consent.js";
import { adminApp, ensureFound } from "./shared.js";

export const clientsRoutes = adminApp();

clientsRoutes.get("/", doc({ tag: "Back office", summary: "Clients, searched by part of a phone or name", access: "admin", query: ClientsQuery, responses: { 200: ["A page of clients with their visit counts", ClientList] } }), async (c) => {
  const q = parseWith(ClientsQuery, c.req.query(), "query");
  const { clients, total } = await searchClients(requestDb(c), q);
  return c.json({ clients, limit: q.limit, offset: q.offset, total });
});

const clientView = (r: NonNullable<Awaited<ReturnType<typeof findClient>>>) => ({
  id: r.id,
  phone: r.phone,
  name: r.name,
  email: r.email,
  notes: r.notes,
  created_at: r.createdAt,
});

clientsRoutes.get("/:id", doc({ tag: "Back office", summary: "A client's card: profile, totals, loyalty points and bookings (paged)", access: "admin", params: { id: "Client (user) id" }, query: ListQuery, responses: { 200: ["The client's card", ClientCard], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const page = parseWith(ListQuery, c.req.query(), "query");
  const db = requestDb(c);
  const client = ensureFound(await findClient(db, id), `Client ${id}`);
  const [settings, totals, points, rows, consent] = await Promise.all([
    loadSettings(db),
    clientTotals(db, id, new Date().toISOString()),
    balanceOf(db, id),
    clientBookings(db, id, page),
    consentState(db, id),
  ]);
  return c.json({
    client: clientView(client),
    totals: {
      visits: totals.visits,
      total_spent: { amount_minor: totals.spent, currency: settings.currency },
      no_shows: totals.noShows,
      cancellations: totals.cancellations,
      upcoming: totals.upcoming,
    },
    loyalty_points: points,
    consent,
    deposit_waived: client.depositWaived,
    bookings: await bookingViews(db, rows, settings.timeZone),
  });
});

clientsRoutes.patch("/:id", doc({ tag: "Back office", summary: "Write the salon's notes on a client", access: "admin", params: { id: "Client (user) id" }, body: UpdateClientBody, responses: { 200: ["The client", ClientEnvelope], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, UpdateClientBody);
  const db = requestDb(c);
  const before = clientView(ensureFound(await findClient(db, id), `Client ${id}`));
  await db.update(s.users).set({ notes: body.notes, updatedAt: new Date().toISOString() }).where(eq(s.users.id, id));
  const client = clientView((await findClient(db, id))!);
  await auditInsert(db, c.get("user"), { action: "update", entity: "client", entityId: id, before: { notes: before.notes }, after: { notes: client.notes } });
  return c.json({ client });
});

// consent: a client's data for their written request (152-FZ, Art. 14), as they would get it themselves.
clientsRoutes.get("/:id/export", doc({ tag: "Back office", summary: "Everything held about a client, as JSON (for a written request)", access: "admin", params: { id: "Client (user) id" }, responses: { 200: ["The export", PersonalDataExport], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  const now = new Date();
  const data = ensureFound(await exportPerson(db, id, now), `Client ${id}`);
  await auditInsert(db, c.get("user"), { action: "export", entity: "client", entityId: id });
  c.header("cache-control", "no-store");
  c.header("content-disposition", `attachment; filename="client-${id}-${now.toISOString().slice(0, 10)}.json"`);
  return c.json(data);
});
