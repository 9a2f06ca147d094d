import { Route, Router } from "@solidjs/router";
import Layout from "./components/Layout";
import Catalog from "./routes/Catalog";
import NotFound from "./routes/NotFound";

/**
 * Route table. One file per screen in routes/; later screens (booking,
 * sign-in, staff) are added here, lazily loaded once they grow.
 */
export default function App() {
  return (
    <Router root={Layout}>
      <Route path="/" component={Catalog} />
      <Route path="*404" component={NotFound} />
    </Router>
  );
}
