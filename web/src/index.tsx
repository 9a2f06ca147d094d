import { render } from "solid-js/web";
import App from "./App";
import { applyDocumentLocale, loadStrings, locale } from "./i18n";
import "./styles.css";

applyDocumentLocale();

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
// An English visitor's core strings are a chunk of their own: render once
// they are here (the Russian ones ship with the entry, so no wait there).
void loadStrings(locale()).then(() => render(() => <App />, root));
