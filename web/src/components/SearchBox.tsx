import { t } from "../i18n";

type Props = {
  value: string;
  onInput: (value: string) => void;
};

/** Labelled search field for the catalog. */
export default function SearchBox(props: Props) {
  return (
    <div class="search" role="search">
      <label class="search__label" for="catalog-search">
        {t("catalog.search.label")}
      </label>
      <input
        id="catalog-search"
        class="search__input"
        type="search"
        inputmode="search"
        autocomplete="off"
        enterkeyhint="search"
        placeholder={t("catalog.search.placeholder")}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </div>
  );
}
