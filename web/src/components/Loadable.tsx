import { Match, Switch, type Accessor, type JSX, type Resource } from "solid-js";
import { errorMessage } from "../data/errors";
import { locale } from "../i18n";
import { failed, settled } from "../resource";
import ErrorPanel from "./ErrorPanel";
import PageSkeleton from "./PageSkeleton";

type Props<T> = {
  of: Resource<T>;
  /** heading of the error panel when the read failed */
  errorTitle: string;
  onRetry: () => void;
  /** false holds the skeleton although the data is in (e.g. until a draft is restored) */
  ready?: boolean;
  /** skeleton rows while loading */
  rows?: number;
  children: (value: Accessor<NonNullable<T>>) => JSX.Element;
};

/** A screen's read: the error panel with retry, the content once loaded (kept while refreshing), or the skeleton. */
export default function Loadable<T>(props: Props<T>) {
  return (
    <Switch>
      <Match when={failed(props.of)}>
        <ErrorPanel title={props.errorTitle} message={errorMessage(failed(props.of), locale())} onRetry={props.onRetry} />
      </Match>
      <Match when={props.ready !== false && settled(props.of)}>{(value) => props.children(value as Accessor<NonNullable<T>>)}</Match>
      <Match when={true}>
        <PageSkeleton rows={props.rows} />
      </Match>
    </Switch>
  );
}
