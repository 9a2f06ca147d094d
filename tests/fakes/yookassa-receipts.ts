// The fake YooKassa's receipt checks: a receipt object is accepted only as the
// documentation describes it, and anything else is refused with the field
// that is wrong, so a test fails when our receipt drifts from the format.
// Where each rule comes from:
// - receipt in POST /payments and POST /refunds (customer, items, tax_system_code):
//   yookassa.ru/en/developers/payment-acceptance/scenario-extensions/54fz/payments and …/54fz/refunds
// - item fields, description ≤ 128 characters: yoomoney/yookassa-sdk-php lib/Model/ReceiptItem.php (setDescription)
// - payment_mode values: yoomoney/yookassa-sdk-php lib/Model/Receipt/PaymentMode.php
//   (docs/classes/YooKassa-Model-Receipt-PaymentMode.md)
// - payment_subject values: yoomoney/yookassa-sdk-php lib/Model/Receipt/PaymentSubject.php
//   (docs/classes/YooKassa-Model-Receipt-PaymentSubject.md)
// - vat_code 1–12 (2026 added the 22 % codes): yookassa.ru/developers/54fz/parameters-values
// - tax_system_code 1–6: yoomoney/yookassa-sdk-php lib/Model/Receipt.php (setTaxSystemCode)
// - customer needs email or phone: yookassa.ru/developers/payment-acceptance/receipts/54fz/yoomoney/payments
// - POST /receipts needs type, send, customer, items and settlements (settlement types
//   cashless/prepayment/postpayment/consideration): yoomoney/yookassa-sdk-php
//   lib/Request/Receipts/CreatePostReceiptRequest.php (validate), lib/Model/Receipt/SettlementType.php,
//   and yoomoney/yookassa-sdk-python docs/examples/04-receipts.md
// - the items' sum equals the payment (or refund) amount: yookassa.ru/developers/54fz/basics
// - an advance (payment_mode "advance", признак способа расчёта 3) is sold as
//   payment_subject "payment" (предмет расчёта 10 «платёж»): the fiscal data
//   format pairs the two, since what the advance pays for is not known yet
//   (our reading of the ФФД tables; YooKassa passes both tags to the till)

export const PAYMENT_MODES = ["full_prepayment", "partial_prepayment", "advance", "full_payment", "partial_payment", "credit", "credit_payment"];
export const PAYMENT_SUBJECTS = [
  "commodity",
  "excise",
  "job",
  "service",
  "gambling_bet",
  "gambling_prize",
  "lottery",
  "lottery_prize",
  "intellectual_activity",
  "payment",
  "agent_commission",
  "property_right",
  "non_operating_gain",
  "insurance_premium",
  "sales_tax",
  "resort_fee",
  "composite",
  "another",
];
export const SETTLEMENT_TYPES = ["cashless", "prepayment", "postpayment", "consideration"];

export interface Invalid {
  parameter: string;
  description: string;
}

/** A decimal amount string ("1000.00") as kopecks, or null if it is not one. */
export function kopecks(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value);
  return match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : null;
}

const isObject = (x: unknown): x is Record<string, any> => typeof x === "object" && x !== null && !Array.isArray(x);

function checkAmount(amount: unknown, parameter: string): Invalid | number {
  if (!isObject(amount)) return { parameter, description: "Amount is required" };
  const minor = kopecks(amount.value);
  if (minor === null || minor <= 0) return { parameter: `${parameter}.value`, description: "Amount value must be a positive decimal with up to two digits after the point" };
  if (amount.currency !== "RUB") return { parameter: `${parameter}.currency`, description: "Receipts are issued in RUB" };
  return minor;
}

/** The receipt's item sum in kopecks, or what is wrong with it. */
export function checkReceipt(receipt: unknown, parameter = "receipt"): Invalid | number {
  if (!isObject(receipt)) return { parameter, description: "Receipt must be an object" };
  const customer = receipt.customer;
  if (!isObject(customer) || (!customer.email && !customer.phone)) {
    return { parameter: `${parameter}.customer`, description: "Specify the customer's email or phone" };
  }
  if (customer.email !== undefined && (typeof customer.email !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(customer.email))) {
    return { parameter: `${parameter}.customer.email`, description: "Invalid email" };
  }
  if (customer.phone !== undefined && (typeof customer.phone !== "string" || !/^\d{11,15}$/.test(customer.phone))) {
    return { parameter: `${parameter}.customer.phone`, description: "Phone must be digits in ITU-T E.164 format" };
  }
  if (receipt.tax_system_code !== undefined && !(Number.isInteger(receipt.tax_system_code) && receipt.tax_system_code >= 1 && receipt.tax_system_code <= 6)) {
    return { parameter: `${parameter}.tax_system_code`, description: "tax_system_code is 1 to 6" };
  }
  const items = receipt.items;
  if (!Array.isArray(items) || items.length === 0 || items.length > 100) return { parameter: `${parameter}.items`, description: "Receipt must have 1 to 100 items" };
  let total = 0;
  for (const [i, item] of items.entries()) {
    const at = `${parameter}.items[${i}]`;
    if (!isObject(item)) return { parameter: at, description: "Item must be an object" };
    if (typeof item.description !== "string" || item.description.length === 0 || [...item.description].length > 128) {
      return { parameter: `${at}.description`, description: "Item description is 1 to 128 characters" };
    }
    const quantity = typeof item.quantity === "string" ? Number(item.quantity) : item.quantity;
    if (typeof quantity !== "number" || !Number.isFinite(quantity) || quantity <= 0) return { parameter: `${at}.quantity`, description: "Item quantity must be positive" };
    const amount = checkAmount(item.amount, `${at}.amount`);
    if (typeof amount !== "number") return amount;
    if (!(Number.isInteger(item.vat_code) && item.vat_code >= 1 && item.vat_code <= 12)) return { parameter: `${at}.vat_code`, description: "vat_code is 1 to 12" };
    if (!PAYMENT_SUBJECTS.includes(item.payment_subject)) return { parameter: `${at}.payment_subject`, description: "Unknown payment_subject" };
    if (!PAYMENT_MODES.includes(item.payment_mode)) return { parameter: `${at}.payment_mode`, description: "Unknown payment_mode" };
    if (item.payment_mode === "advance" && item.payment_subject !== "payment") {
      return { parameter: `${at}.payment_subject`, description: "An advance is sold as payment_subject payment" };
    }
    total += Math.round(amount * quantity);
  }
  return total;
}

/** A receipt that must add up to `expected` kopecks (the payment or refund it goes with). */
export function checkReceiptFor(receipt: unknown, expected: number, parameter = "receipt"): Invalid | null {
  const total = checkReceipt(receipt, parameter);
  if (typeof total !== "number") return total;
  return total === expected ? null : { parameter: `${parameter}.items`, description: `The sum of the items (${total}) differs from the amount (${expected})` };
}

/** A POST /receipts body, minus the payment it names (the server checks that). */
export function checkReceiptRequest(body: unknown): Invalid | null {
  if (!isObject(body)) return { parameter: "", description: "Body must be an object" };
  if (body.type !== "payment" && body.type !== "refund") return { parameter: "type", description: "type is payment or refund" };
  if (body.type === "payment" && typeof body.payment_id !== "string") return { parameter: "payment_id", description: "payment_id is required" };
  if (body.send !== true) return { parameter: "send", description: "send must be true" };
  const total = checkReceipt(body, "");
  if (typeof total !== "number") return { ...total, parameter: total.parameter.replace(/^\./, "") };
  const settlements = body.settlements;
  if (!Array.isArray(settlements) || settlements.length === 0) return { parameter: "settlements", description: "settlements are required" };
  let settled = 0;
  for (const [i, s] of settlements.entries()) {
    if (!isObject(s) || !SETTLEMENT_TYPES.includes(s.type)) return { parameter: `settlements[${i}].type`, description: "Unknown settlement type" };
    const amount = checkAmount(s.amount, `settlements[${i}].amount`);
    if (typeof amount !== "number") return amount;
    settled += amount;
  }
  return settled === total ? null : { parameter: "settlements", description: `Settlements (${settled}) differ from the sum of the items (${total})` };
}
