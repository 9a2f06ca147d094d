// The salon itself (name, address, phone, time zone, cancellation policy),
// from GET /salon, saved for offline reading like the other reads.
import * as v from "valibot";
import { Salon } from "../../../worker/contracts/catalog";
import { revalidatedRead } from "./cached";

export const SalonEnvelope = v.object({ salon: Salon });

export const loadSalon = () => revalidatedRead("salon", "/salon", SalonEnvelope);

/**
 * The salon's zone until GET /salon (or its saved copy) has answered, so that
 * a screen keyed by "today" (a master's day) can start loading at once instead
 * of waiting for a second request. It is the demo salon's zone; once the
 * answer is in, the salon's own zone is used (and the day recomputed).
 */
export const FALLBACK_TIME_ZONE = "Europe/Moscow";
