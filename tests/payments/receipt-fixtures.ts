// Receipt bodies as YooKassa documents them, to hold our wire format and the
// fake's checks against. Each says where its shape comes from.

/**
 * A payment with a receipt: yookassa.ru/en/developers/54fz/payments ("Example of
 * a request for payment with receipt parameters"), with our salon's values:
 * payment_subject "service", payment_mode per yoomoney/yookassa-sdk-php
 * lib/Model/Receipt/PaymentMode.php, vat_code 1 "without VAT"
 * (yookassa.ru/developers/54fz/parameters-values).
 */
export const paymentWithReceipt = {
  amount: { value: "1000.00", currency: "RUB" },
  capture: true,
  confirmation: { type: "redirect", return_url: "https://salon.example/bookings/1?paid=1" },
  description: "Предоплата записи №1",
  receipt: {
    customer: { email: "anna@example.ru" },
    items: [
      { description: "Массаж спины", quantity: 1, amount: { value: "875.00", currency: "RUB" }, vat_code: 1, payment_subject: "service", payment_mode: "partial_prepayment" },
      { description: "Аромамасло", quantity: 1, amount: { value: "125.00", currency: "RUB" }, vat_code: 1, payment_subject: "service", payment_mode: "partial_prepayment" },
    ],
  },
};

/**
 * A closing receipt (чек зачёта предоплаты): yoomoney/yookassa-sdk-python
 * docs/examples/04-receipts.md ("Запрос на создание чека": type "payment",
 * payment_id, send, items with payment_mode "full_payment", settlements of
 * type "prepayment"), settlement types from yoomoney/yookassa-sdk-php
 * lib/Model/Receipt/SettlementType.php.
 */
export const closingReceipt = (paymentId: string) => ({
  type: "payment",
  payment_id: paymentId,
  send: true,
  customer: { email: "anna@example.ru" },
  items: [{ description: "Массаж спины", quantity: 1, amount: { value: "1000.00", currency: "RUB" }, vat_code: 1, payment_subject: "service", payment_mode: "full_payment" }],
  settlements: [{ type: "prepayment", amount: { value: "1000.00", currency: "RUB" } }],
});

/**
 * YooKassa's error object: yookassa.ru/developers/using-api/response-handling/response-format
 * (type "error", id, code, description, parameter).
 */
export const errorShape = { type: "error", code: "invalid_request" };
