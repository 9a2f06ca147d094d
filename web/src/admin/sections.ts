// The back office's route table: /admin/<section>[/<id>]. All screens come in
// the one lazy admin chunk (≈ 30 KiB gzip, charts included): splitting them
// further made the bundler cut the customer entry into common chunks, which
// cost every customer more than it saved an admin.
import type { Component } from "solid-js";
import Abonements from "./routes/Abonements";
import Audit from "./routes/Audit";
import Reviews from "./routes/Reviews";
import Resources from "./routes/Resources";
import Calendar from "./routes/Calendar";
import Campaigns from "./routes/Campaigns";
import Certificates from "./routes/Certificates";
import Clients from "./routes/Clients";
import Masters from "./routes/Masters";
import PromoCodes from "./routes/PromoCodes";
import Schedules from "./routes/Schedules";
import Services from "./routes/Services";
import Classes from "./routes/Classes";
import Deposits from "./routes/Deposits";
import Settings from "./routes/Settings";
import Stats from "./routes/Stats";
import YClientsAdmin from "./routes/YClientsAdmin";

export type SectionLabel = "nav.calendar" | "nav.services" | "nav.masters" | "nav.schedules" | "nav.clients" | "nav.stats" | "nav.yclients" | "nav.settings" | "nav.audit" | "nav.reviews" | "nav.campaigns" | "nav.certificates" | "nav.resources" | "nav.classes" | "nav.promo" | "nav.deposits" | "nav.abonements";
export type Section = { path: string; label: SectionLabel; screen: Component<{ id?: string }>; adminOnly: boolean };

export const SECTIONS: Section[] = [
  { path: "calendar", label: "nav.calendar", screen: Calendar, adminOnly: false },
  { path: "services", label: "nav.services", screen: Services, adminOnly: true },
  { path: "classes", label: "nav.classes", screen: Classes, adminOnly: true },
  { path: "masters", label: "nav.masters", screen: Masters, adminOnly: true },
  { path: "resources", label: "nav.resources", screen: Resources, adminOnly: true },
  { path: "schedules", label: "nav.schedules", screen: Schedules, adminOnly: true },
  { path: "clients", label: "nav.clients", screen: Clients, adminOnly: true },
  { path: "stats", label: "nav.stats", screen: Stats, adminOnly: true },
  { path: "yclients", label: "nav.yclients", screen: YClientsAdmin, adminOnly: true },
  { path: "settings", label: "nav.settings", screen: Settings, adminOnly: true },
  { path: "audit", label: "nav.audit", screen: Audit, adminOnly: true },
  { path: "reviews", label: "nav.reviews", screen: Reviews, adminOnly: true },
  { path: "campaigns", label: "nav.campaigns", screen: Campaigns, adminOnly: true },
  { path: "certificates", label: "nav.certificates", screen: Certificates, adminOnly: true },
  { path: "abonements", label: "nav.abonements", screen: Abonements, adminOnly: true },
  { path: "promo-codes", label: "nav.promo", screen: PromoCodes, adminOnly: true },
  { path: "deposits", label: "nav.deposits", screen: Deposits, adminOnly: true },
];
