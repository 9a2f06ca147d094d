import { For } from "solid-js";
import type { ServiceGroup } from "../data/catalog";
import { t } from "../i18n";
import ServiceCard from "./ServiceCard";

type Props = { group: ServiceGroup };

export default function CategorySection(props: Props) {
  const headingId = () => `category-${props.group.id ?? "other"}`;
  return (
    <section class="category" aria-labelledby={headingId()} data-category-id={props.group.id ?? "other"}>
      <h2 class="category__title" id={headingId()}>
        {props.group.name ?? t("catalog.uncategorized")}
      </h2>
      <ul class="service-list">
        <For each={props.group.services}>{(service) => <ServiceCard service={service} />}</For>
      </ul>
    </section>
  );
}
