import { Route, Router } from "@solidjs/router";
import { lazy } from "solid-js";
import { withStrings } from "./i18n";
import Layout from "./components/Layout";
import Catalog from "./routes/Catalog";
import NotFound from "./routes/NotFound";

// The catalog is the first screen and stays in the entry chunk; the rest load
// on demand (the service worker precaches every chunk, so offline too), each
// with the parts of the dictionary its code uses (web/src/strings/parts.ts;
// tests/web/strings.test.ts checks the list against the code).
const ServiceDetail = lazy(() => withStrings(import("./routes/ServiceDetail"), "service"));
const BookSlot = lazy(() => withStrings(import("./routes/BookSlot"), "details", "service", "slots", "waitlist", "abonements", "abonementChoice"));
const BookDetails = lazy(() => withStrings(import("./routes/BookDetails"), "bookings", "details", "service", "slots", "abonementChoice"));
const BookingPage = lazy(() => withStrings(import("./routes/BookingPage"), "bookings", "details", "slots", "abonementChoice"));
const PayPage = lazy(() => withStrings(import("./routes/PayPage"), "bookings", "details"));
const MyBookings = lazy(() => withStrings(import("./routes/MyBookings"), "bookings", "details", "service", "slots", "waitlist", "abonements", "abonementChoice"));
const SignIn = lazy(() => import("./routes/SignIn"));
const YClients = lazy(() => withStrings(import("./routes/YClients"), "bookings", "service"));
const StaffSchedule = lazy(() => withStrings(import("./routes/StaffSchedule"), "account", "bookings", "details"));
const VisitPage = lazy(() => withStrings(import("./routes/VisitPage"), "details", "service", "slots", "abonementChoice"));
// masters
const Masters = lazy(() => withStrings(import("./routes/Masters"), "masters"));
const MasterProfile = lazy(() => withStrings(import("./routes/MasterProfile"), "masters"));
// manage: pages opened from links in messages, and the profile.
const ManagePage = lazy(() => withStrings(import("./routes/ManagePage"), "bookings", "details", "slots"));
const ReviewPage = lazy(() => withStrings(import("./routes/ReviewPage"), "masters"));
const Profile = lazy(() => withStrings(import("./routes/Profile"), "account", "bookings"));
const Unsubscribe = lazy(() => withStrings(import("./routes/Unsubscribe"), "account"));
// The back office is one lazy tree with its own route table (admin/AdminApp.tsx),
// so none of it lands in the customer's entry chunk.
// waitlist
const Waitlist = lazy(() => withStrings(import("./routes/Waitlist"), "bookings", "waitlist"));
const WaitlistOffer = lazy(() => withStrings(import("./routes/WaitlistOffer"), "bookings", "waitlist"));
const AdminApp = lazy(() => withStrings(import("./admin/AdminApp"), "account", "bookings", "certificates", "masters", "service", "slots"));
// consent: the consent text and the privacy policy.
const Legal = lazy(() => withStrings(import("./routes/Legal"), "account"));
// certificates: buying one, and a code's balance (the recipient's link).
const Certificates = lazy(() => withStrings(import("./routes/Certificates"), "certificates"));
const CertificateBalance = lazy(() => withStrings(import("./routes/CertificateBalance"), "certificates"));
// abonements: the visit packages and memberships on sale, buying one.
const Abonements = lazy(() => withStrings(import("./routes/Abonements"), "abonements"));

/** Route table: one file per screen in routes/. */
export default function App() {
  return (
    <Router root={Layout}>
      <Route path="/" component={Catalog} />
      <Route path="/services/:id" component={ServiceDetail} />
      <Route path="/book/:id" component={BookSlot} />
      <Route path="/book/:id/details" component={BookDetails} />
      <Route path="/visit" component={VisitPage} />
      <Route path="/yclients/:id" component={YClients} />
      <Route path="/bookings" component={MyBookings} />
      <Route path="/bookings/:id" component={BookingPage} />
      <Route path="/bookings/:id/pay" component={PayPage} />
      <Route path="/signin" component={SignIn} />
      <Route path="/staff" component={StaffSchedule} />
      <Route path="/masters" component={Masters} />
      <Route path="/masters/:id" component={MasterProfile} />
      <Route path="/m/:token" component={ManagePage} />
      <Route path="/r/:token" component={ReviewPage} />
      <Route path="/u/:token" component={Unsubscribe} />
      <Route path="/profile" component={Profile} />
      <Route path="/waitlist" component={Waitlist} />
      <Route path="/waitlist/:id" component={WaitlistOffer} />
      <Route path="/legal/:kind" component={Legal} />
      <Route path="/certificates" component={Certificates} />
      <Route path="/certificate/:code" component={CertificateBalance} />
      <Route path="/abonements" component={Abonements} />
      <Route path="/admin/*section" component={AdminApp} />
      <Route path="*404" component={NotFound} />
    </Router>
  );
}
