// Gift certificates: the types on sale, buying one, the ones bought, and a
// code's balance (the link a recipient gets).
import type { BuyCertificateBody } from "../../../worker/contracts/certificates";
import { CertificateBalance, CertificateList, CertificateSale, CertificateTypeList } from "../../../worker/contracts/certificates";
import { getJson } from "./api";
import { send } from "./endpoints";

async function read<T>(answer: Promise<{ status: 200; data: T } | { status: 304 }>): Promise<T> {
  const res = await answer;
  if (res.status === 304) throw new Error("unexpected 304");
  return res.data;
}

export const loadCertificateTypes = () => read(getJson("/certificates/types", CertificateTypeList));
export const loadMyCertificates = () => read(getJson("/certificates/mine", CertificateList));
export const loadBalance = (code: string) => read(getJson(`/certificates/balance/${encodeURIComponent(code)}`, CertificateBalance));
export const buyCertificate = (body: BuyCertificateBody, idempotencyKey: string) => send("POST", "/certificates", body, CertificateSale, { idempotencyKey });
