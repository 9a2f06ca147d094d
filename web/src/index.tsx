import { render } from "solid-js/web";
import App from "./App";
import { applyDocumentLocale } from "./i18n";
import "./styles.css";

applyDocumentLocale();

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
render(() => <App />, root);
