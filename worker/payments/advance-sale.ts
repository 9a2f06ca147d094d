// Asking the provider for the payment of an advance sale (a gift certificate
// or an abonement sold online). A refusal cancels the sale and is the
// customer's error; an outage is a 503 to retry with the same key (the sale
// stays waiting for its payment); an answer for another amount cancels it.
import { AppError } from "../errors.js";
import { log } from "../lib/log.js";
import { type CreatePaymentInput, type PaymentProvider, type ProviderPayment, ProviderError } from "./provider.js";

export interface AdvanceSale {
  /** For the logs: "certificates" or "abonements". */
  name: string;
  id: number;
  /** Marks the sale canceled while it still waits for its payment. */
  cancel(set: { endReason: string; providerPaymentId?: string }): Promise<unknown>;
}

export async function createSalePayment(provider: PaymentProvider, input: CreatePaymentInput, key: string, sale: AdvanceSale): Promise<ProviderPayment> {
  let answer: ProviderPayment;
  try {
    answer = await provider.create(input, key);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    log("error", `${sale.name}: sale`, { sale_id: sale.id, kind: error.kind, error: error.message });
    if (error.kind === "rejected" || error.kind === "not_found") {
      await sale.cancel({ endReason: `${error.kind}: ${error.message}`.slice(0, 500) });
      throw new AppError("payment_provider_error", "The payment provider refused this payment; try again later or call the salon");
    }
    throw new AppError("payment_provider_unavailable", "The payment provider is not answering just now; try again in a minute", { reason: error.kind }, { "retry-after": "30" });
  }
  if (answer.amountMinor !== input.amountMinor || answer.currency !== input.currency) {
    await sale.cancel({ providerPaymentId: answer.id, endReason: "amount_mismatch" });
    throw new AppError("amount_mismatch", "The payment provider answered a different amount; nothing was charged by us. Contact the salon", { expected: { amount_minor: input.amountMinor, currency: input.currency } });
  }
  return answer;
}
