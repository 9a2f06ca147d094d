// The back office's calls about gift certificates (/api/v1/admin/certificates).
import { BookingEnvelope } from "../../../../worker/contracts/bookings";
import { CertificateEnvelope, CertificateList } from "../../../../worker/contracts/certificates";
import { newKey, read, write } from "./http";

export const listCertificates = (q: string) => read(`/admin/certificates${q ? `?q=${encodeURIComponent(q)}` : ""}`, CertificateList);
export const issueCertificate = (amountMinor: number, recipientName: string) =>
  write("POST", "/admin/certificates", { amount_minor: amountMinor, ...(recipientName ? { recipient: { name: recipientName } } : {}) }, CertificateEnvelope);
export const endCertificate = (id: number, how: "void" | "refund", reason: string) => write("POST", `/admin/certificates/${id}/${how}`, { reason }, CertificateEnvelope);
export const redeemCertificate = (bookingId: number, code: string, key = newKey()) =>
  write("POST", "/admin/certificates/redeem", { booking_id: bookingId, certificate_code: code }, BookingEnvelope, key);
