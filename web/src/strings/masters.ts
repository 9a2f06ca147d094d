// Masters, their profiles and reviews: small enough that one module with both
// languages beats a second request on a language switch.

export const ru = {
  "masters.title": "Мастера",
  "masters.profile": "Мастер",
  "masters.back": "← Все мастера",
  "masters.error": "Не удалось загрузить мастеров",
  "masters.empty": "Мастеров пока нет.",
  "masters.services": "Услуги мастера",
  "masters.noServices": "Мастер пока не ведёт запись.",
  "masters.book": "Записаться",
  "masters.bookService": "Записаться: {service}",
  "reviews.title": "Отзывы",
  "reviews.summary": "{average} из 5 · {count}",
  "reviews.stars": "{n} из 5",
  "review.title": "Отзыв о визите",
  "review.rating": "Оценка",
  "review.text": "Что понравилось или что улучшить",
  "review.send": "Отправить отзыв",
  "review.pickStars": "Поставьте оценку от 1 до 5 звёзд.",
  "review.thanks": "Спасибо за отзыв! Он появится после проверки салоном.",
};

export const en: Record<keyof typeof ru, string> = {
  "masters.title": "Masters",
  "masters.profile": "Master",
  "masters.back": "← All masters",
  "masters.error": "Could not load the masters",
  "masters.empty": "No masters yet.",
  "masters.services": "Services",
  "masters.noServices": "This master takes no bookings yet.",
  "masters.book": "Book",
  "masters.bookService": "Book: {service}",
  "reviews.title": "Reviews",
  "reviews.summary": "{average} of 5 · {count}",
  "reviews.stars": "{n} of 5",
  "review.title": "Review your visit",
  "review.rating": "Rating",
  "review.text": "What you liked or what to improve",
  "review.send": "Send review",
  "review.pickStars": "Choose 1 to 5 stars.",
  "review.thanks": "Thank you! The review appears once the salon has checked it.",
};
