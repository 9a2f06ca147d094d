// Master-first browsing: the masters and one master's public profile, saved
// for offline reading like the rest of the catalog (both answer with ETags).
import { StaffDetail, StaffList } from "../../../worker/contracts/catalog";
import { revalidatedRead } from "./cached";

export const loadMasters = () => revalidatedRead("staff", "/staff", StaffList);

export const loadMaster = (id: number) => revalidatedRead(`staff:${id}`, `/staff/${id}`, StaffDetail);

/** "Анна Смирнова" → "АС": the avatar of a master without a photo. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");
}

/** A stable hue per master, so an avatar keeps its colour between screens. */
export const avatarHue = (id: number): number => (id * 137) % 360;

/** Where "map" on the home screen leads: the salon's own link, else a map search for its address. */
export function mapHref(salon: { address: string | null; map_url?: string | null }): string | null {
  if (salon.map_url) return salon.map_url;
  return salon.address ? `https://yandex.ru/maps/?text=${encodeURIComponent(salon.address)}` : null;
}
