// Typed calls of the back-office API (/api/v1/admin/*, plus the booking and
// YClients endpoints the back office drives). Answers are checked against the
// shared contracts in worker/contracts.
import * as v from "valibot";
import {
  AdminCategory,
  AdminService,
  AdminSettings,
  AdminStaff,
  AuditList,
  BookingDetail,
  Calendar,
  type Calendar as CalendarData,
  CategoryList,
  ClientCard,
  ClientList,
  ServiceAdminList,
  StaffAdminList,
  TimeBlock,
  type CreateBlockBody,
  type CreateServiceBody,
  type CreateStaffBody,
  type UpdateServiceBody,
  type UpdateSettingsBody,
  type UpdateStaffBody,
} from "../../../../worker/contracts/admin";
import type { CreateBookingBody, UpdateBookingBody } from "../../../../worker/contracts/bookings";
import { Stats } from "../../../../worker/contracts/stats";
import { ClassEnvelope, ClassList, CreatedClasses, SeatEnvelope, SeatList, type CreateClassBody, type UpdateClassBody } from "../../../../worker/contracts/classes";
import { LegalDocument, type LegalKind } from "../../../../worker/contracts/legal";
import { AdminReviewList } from "../../../../worker/contracts/manage";
import { type CampaignBody, CampaignEnvelope, CampaignList, CampaignPreview } from "../../../../worker/contracts/marketing";
import { getJson } from "../../data/api";
import { ResourceEnvelope, ResourceList } from "../../../../worker/contracts/resources";
import { BookingEnvelope } from "../../data/endpoints";
import { Anything, fetchBlob, newKey, read, write } from "./http";

const q = (params: Record<string, string | number | undefined | null>) => {
  const p = new URLSearchParams();
  for (const [k, val] of Object.entries(params)) if (val !== undefined && val !== null && val !== "") p.set(k, String(val));
  const s = p.toString();
  return s ? `?${s}` : "";
};

// Calendar and bookings
const lastCalendar = new Map<string, { etag: string; data: CalendarData }>();

/**
 * One day or week of the calendar. The open screen polls it, so each answer's
 * ETag is kept and sent back: an unchanged day costs the server a 304.
 */
export async function getCalendar(date: string, days: number, staffIds?: number[]): Promise<CalendarData> {
  const path = `/admin/calendar${q({ date, days, staff_id: staffIds?.join(",") })}`;
  const last = lastCalendar.get(path);
  const res = await getJson(path, Calendar, { etag: last?.etag });
  if (res.status === 304 && last) return last.data;
  if (res.status === 304) return read(path, Calendar);
  if (res.etag) lastCalendar.set(path, { etag: res.etag, data: res.data });
  return res.data;
}
export const getBookingDetail = (id: number) => read(`/admin/bookings/${id}`, BookingDetail);
/** No-show protection: confirm one held booking without its deposit. */
export const waiveDeposit = (id: number, reason: string) => write("POST", `/admin/bookings/${id}/waive-deposit`, { reason }, BookingDetail);
export const bookForClient = (body: CreateBookingBody) => write("POST", "/bookings", body, BookingEnvelope, newKey());
export const changeBooking = (id: number, body: UpdateBookingBody) => write("PATCH", `/bookings/${id}`, body, BookingEnvelope, newKey());
export const createBlock = (body: CreateBlockBody) => write("POST", "/admin/blocks", body, v.object({ block: TimeBlock }), newKey());
export const removeBlock = (id: number) => write("DELETE", `/admin/blocks/${id}`, undefined, Anything);

// Catalog
export const getCategories = () => read("/admin/categories", CategoryList);
export const createCategory = (name: string) => write("POST", "/admin/categories", { name }, v.object({ category: AdminCategory }));
export const setCategoryActive = (id: number, active: boolean) =>
  active ? write("PATCH", `/admin/categories/${id}`, { active: true }, Anything) : write("DELETE", `/admin/categories/${id}`, undefined, Anything);
export const reorderCategories = (ids: number[]) => write("POST", "/admin/categories/reorder", { ids }, Anything);
export const getAdminServices = () => read("/admin/services?include_inactive=true&limit=200", ServiceAdminList);
export const createService = (body: CreateServiceBody) => write("POST", "/admin/services", body, v.object({ service: AdminService }));
export const updateService = (id: number, body: UpdateServiceBody) => write("PATCH", `/admin/services/${id}`, body, v.object({ service: AdminService }));
export const deactivateService = (id: number) => write("DELETE", `/admin/services/${id}`, undefined, Anything);
export const reorderServices = (ids: number[]) => write("POST", "/admin/services/reorder", { ids }, Anything);

// Masters
// classes
export const getAdminClasses = (from: string, to: string) => read(`/admin/classes${q({ from, to })}`, ClassList);
export const createClass = (body: CreateClassBody) => write("POST", "/admin/classes", body, CreatedClasses);
export const updateClass = (id: number, body: UpdateClassBody) => write("PATCH", `/admin/classes/${id}`, body, ClassEnvelope);
export const cancelClass = (id: number) => write("DELETE", `/admin/classes/${id}`, undefined, ClassEnvelope);
export const getClassSeats = (id: number) => read(`/admin/classes/${id}/seats`, SeatList);
export const markSeat = (id: number, bookingId: number, attended: boolean) => write("PATCH", `/admin/classes/${id}/seats/${bookingId}`, { attended }, SeatEnvelope);
export const getAdminStaff = () => read("/admin/staff?include_inactive=true&limit=200", StaffAdminList);
export const createStaff = (body: CreateStaffBody) => write("POST", "/admin/staff", body, v.object({ staff: AdminStaff }));
export const updateStaff = (id: number, body: UpdateStaffBody) => write("PATCH", `/admin/staff/${id}`, body, v.object({ staff: AdminStaff }));
export const deactivateStaff = (id: number) => write("DELETE", `/admin/staff/${id}`, undefined, Anything);

// Settings, clients, audit, stats
export const getSettings = () => read("/admin/settings", v.object({ settings: AdminSettings }));
export const updateSettings = (body: UpdateSettingsBody) => write("PATCH", "/admin/settings", body, v.object({ settings: AdminSettings }));
export const searchClients = (query: string) => read(`/admin/clients${q({ q: query, limit: 50 })}`, ClientList);
export const getClient = (id: number) => read(`/admin/clients/${id}`, ClientCard);
// consent: the legal texts the salon edits (each save a new version).
export const getLegalText = (kind: LegalKind) => read(`/admin/legal/${kind}`, LegalDocument);
export const publishLegalText = (kind: LegalKind, body: string) => write("PUT", `/admin/legal/${kind}`, { body }, LegalDocument);
export const saveClientNotes = (id: number, notes: string | null) => write("PATCH", `/admin/clients/${id}`, { notes }, Anything);
export const getAudit = (offset = 0) => read(`/admin/audit${q({ limit: 50, offset })}`, AuditList);
/** The whole report as the API's CSV (every section), for a spreadsheet. */
export const statsCsv = (p: { from: string; to: string; group: string; staffId?: number }) =>
  fetchBlob(`/admin/stats${q({ from: p.from, to: p.to, group: p.group, staff_id: p.staffId, format: "csv" })}`);
export const getStats = (p: { from: string; to: string; group: string; staffId?: number }) =>
  read(`/admin/stats${q({ from: p.from, to: p.to, group: p.group, staff_id: p.staffId })}`, Stats);

// manage: reviews the salon approves or hides
export const getReviews = (status?: "pending" | "approved" | "hidden") => read(`/admin/reviews${q({ status })}`, AdminReviewList);
// Advertising campaigns (38-FZ): only clients who consented on the channel get them.
export const getCampaigns = () => read("/admin/campaigns?limit=50", CampaignList);
export const previewCampaign = (body: Pick<CampaignBody, "channel" | "audience">) => write("POST", "/admin/campaigns/preview", body, CampaignPreview);
/** `key` stays the same until the send succeeds, so a double click or a retry is one campaign. */
export const sendCampaign = (body: CampaignBody, key: string) => write("POST", "/admin/campaigns", body, CampaignEnvelope, key);
export const moderateReview = (id: number, status: "approved" | "hidden") => write("PATCH", `/admin/reviews/${id}`, { status }, Anything);

// Rooms and machines (resources): units, own hours, closures; services say which they need.
export const getResources = () => read("/admin/resources", ResourceList);
export const createResource = (body: { name: string; kind: "room" | "equipment"; units: number }) => write("POST", "/admin/resources", body, ResourceEnvelope);
export const updateResource = (id: number, body: { name?: string; units?: number; hours?: ([string, string] | null)[] | null }) => write("PATCH", `/admin/resources/${id}`, body, ResourceEnvelope);
export const archiveResource = (id: number) => write("DELETE", `/admin/resources/${id}`, undefined, ResourceEnvelope);
export const closeResource = (id: number, from: string, to: string) => write("POST", `/admin/resources/${id}/closures`, { from_date: from, to_date: to }, ResourceEnvelope);
export const reopenResource = (id: number, closureId: number) => write("DELETE", `/admin/resources/${id}/closures/${closureId}`, undefined, ResourceEnvelope);
export const moveToUnit = (bookingId: number, resourceId: number, unit: number) => write("PATCH", `/admin/bookings/${bookingId}/units`, { resource_id: resourceId, unit }, BookingEnvelope);
