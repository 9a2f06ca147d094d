// The abonement strings of the booking details step, the booking's money and
// a queued booking's refusal: a small part of the customer dictionary.

export const ru = {
  "abonPay.pay": "Оплатить абонементом",
  "abonPay.which": "Абонемент",
  "abonPay.visitsLeft": "{name}: осталось {left} из {total}, по {until}",
  "abonPay.unlimited": "{name}: безлимит по {until}",
  "abonPay.covered": "Оплачено абонементом",
  "abonPay.leftToPay": "Доплатить (доп. услуги)",
  "abonPay.noCombine": "С абонементом промокод и сертификат не применяются.",
  "abonPay.visitHint": "Абонемент оплатит услуги визита, которые он покрывает (пока в нём есть визиты); остальные оплачиваются как обычно.",
  "abonPay.itemMark": "по абонементу",
  "abonPay.visitLeftToPay": "Доплатить",
  "abonPay.error.abonement_not_found": "Такого абонемента у вас нет.",
  "abonPay.error.abonement_expired": "Срок абонемента на дату визита истёк.",
  "abonPay.error.abonement_used_up": "В абонементе не осталось визитов.",
  "abonPay.error.abonement_not_covering": "Абонемент не распространяется на эту услугу или этого мастера.",
  "abonPay.error.abonement_frozen": "Абонемент заморожен на дату визита.",
  "abonPay.error.abonement_not_combinable": "С абонементом нельзя применить промокод или сертификат.",
  "abonPay.error.abonement_daily_limit": "По этому абонементу — не больше одного визита в день.",
  "abonPay.error.abonement_not_active": "Абонемент не активен: он ещё не оплачен или аннулирован.",
};

export const en: Record<keyof typeof ru, string> = {
  "abonPay.pay": "Pay with a membership",
  "abonPay.which": "Membership",
  "abonPay.visitsLeft": "{name}: {left} of {total} left, through {until}",
  "abonPay.unlimited": "{name}: unlimited through {until}",
  "abonPay.covered": "Paid by membership",
  "abonPay.leftToPay": "To pay (add-ons)",
  "abonPay.noCombine": "Promo codes and gift certificates do not combine with a membership.",
  "abonPay.visitHint": "The membership pays the services of the visit it covers (while it has visits left); the others are paid as usual.",
  "abonPay.itemMark": "membership",
  "abonPay.visitLeftToPay": "To pay",
  "abonPay.error.abonement_not_found": "You have no such membership.",
  "abonPay.error.abonement_expired": "The membership expires before the visit's date.",
  "abonPay.error.abonement_used_up": "The membership has no visits left.",
  "abonPay.error.abonement_not_covering": "The membership does not cover this service or this master.",
  "abonPay.error.abonement_frozen": "The membership is frozen on the visit's date.",
  "abonPay.error.abonement_not_combinable": "A promo code or gift certificate cannot be used with a membership.",
  "abonPay.error.abonement_daily_limit": "This membership allows one visit a day.",
  "abonPay.error.abonement_not_active": "The membership is not active: not paid yet, or void.",
};
