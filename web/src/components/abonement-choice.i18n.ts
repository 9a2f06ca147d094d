// The few abonement strings of the booking details step and of a queued
// booking's refusal in «Мои записи»; the abonement screens have their own
// (routes/abonements.i18n.ts). Kept small: the details step loads it.
import { dictT } from "../dict";

export const ru = {
  "ab.pay": "Оплатить абонементом",
  "ab.which": "Абонемент",
  "ab.visitsLeft": "{name}: осталось {left} из {total}, по {until}",
  "ab.unlimited": "{name}: безлимит по {until}",
  "ab.covered": "Оплачено абонементом",
  "ab.leftToPay": "Доплатить (доп. услуги)",
  "ab.noCombine": "С абонементом промокод и сертификат не применяются.",
  "ab.error.abonement_not_found": "Такого абонемента у вас нет.",
  "ab.error.abonement_expired": "Срок абонемента на дату визита истёк.",
  "ab.error.abonement_used_up": "В абонементе не осталось визитов.",
  "ab.error.abonement_not_covering": "Абонемент не распространяется на эту услугу или этого мастера.",
  "ab.error.abonement_frozen": "Абонемент заморожен на дату визита.",
  "ab.error.abonement_not_combinable": "С абонементом нельзя применить промокод или сертификат.",
  "ab.error.abonement_daily_limit": "По этому абонементу — не больше одного визита в день.",
  "ab.error.abonement_not_active": "Абонемент не активен: он ещё не оплачен или аннулирован.",
};

export const en: Record<keyof typeof ru, string> = {
  "ab.pay": "Pay with a membership",
  "ab.which": "Membership",
  "ab.visitsLeft": "{name}: {left} of {total} left, through {until}",
  "ab.unlimited": "{name}: unlimited through {until}",
  "ab.covered": "Paid by membership",
  "ab.leftToPay": "To pay (add-ons)",
  "ab.noCombine": "Promo codes and gift certificates do not combine with a membership.",
  "ab.error.abonement_not_found": "You have no such membership.",
  "ab.error.abonement_expired": "The membership expires before the visit's date.",
  "ab.error.abonement_used_up": "The membership has no visits left.",
  "ab.error.abonement_not_covering": "The membership does not cover this service or this master.",
  "ab.error.abonement_frozen": "The membership is frozen on the visit's date.",
  "ab.error.abonement_not_combinable": "A promo code or gift certificate cannot be used with a membership.",
  "ab.error.abonement_daily_limit": "This membership allows one visit a day.",
  "ab.error.abonement_not_active": "The membership is not active: not paid yet, or void.",
};

export type ChoiceKey = keyof typeof ru;
export const act = dictT<ChoiceKey>({ ru, en });

/** The words for an abonement refusal code (a 422 from the server), or null for any other code. */
export function abonementRefusal(code: string): string | null {
  const key = `ab.error.${code}`;
  return key in ru ? act(key as ChoiceKey) : null;
}
