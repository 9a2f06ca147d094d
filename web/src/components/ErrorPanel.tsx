import { t } from "../i18n";

type Props = { title: string; message: string; onRetry?: () => void };

export default function ErrorPanel(props: Props) {
  return (
    <div class="error-panel" role="alert">
      <h2 class="error-panel__title">{props.title}</h2>
      <p>{props.message}</p>
      {props.onRetry && (
        <button type="button" class="btn btn--primary" onClick={() => props.onRetry?.()}>
          {t("catalog.retry")}
        </button>
      )}
    </div>
  );
}
