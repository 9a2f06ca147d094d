import { Route, Router } from "@solidjs/router";
import { lazy } from "solid-js";
import Layout from "./components/Layout";
import Catalog from "./routes/Catalog";
import NotFound from "./routes/NotFound";

// The catalog is the first screen and stays in the entry chunk; the rest load
// on demand (the service worker precaches every chunk, so offline too).
const ServiceDetail = lazy(() => import("./routes/ServiceDetail"));
const BookSlot = lazy(() => import("./routes/BookSlot"));
const BookDetails = lazy(() => import("./routes/BookDetails"));
const BookingPage = lazy(() => import("./routes/BookingPage"));
const PayPage = lazy(() => import("./routes/PayPage"));
const MyBookings = lazy(() => import("./routes/MyBookings"));
const SignIn = lazy(() => import("./routes/SignIn"));
const YClients = lazy(() => import("./routes/YClients"));
const StaffSchedule = lazy(() => import("./routes/StaffSchedule"));
const VisitPage = lazy(() => import("./routes/VisitPage"));
// masters
const Masters = lazy(() => import("./routes/Masters"));
const MasterProfile = lazy(() => import("./routes/MasterProfile"));
// manage: pages opened from links in messages, and the profile.
const ManagePage = lazy(() => import("./routes/ManagePage"));
const ReviewPage = lazy(() => import("./routes/ReviewPage"));
const Profile = lazy(() => import("./routes/Profile"));
const Unsubscribe = lazy(() => import("./routes/Unsubscribe"));
// The back office is one lazy tree with its own route table (admin/AdminApp.tsx),
// so none of it lands in the customer's entry chunk.
// waitlist
const Waitlist = lazy(() => import("./routes/Waitlist"));
const WaitlistOffer = lazy(() => import("./routes/WaitlistOffer"));
const AdminApp = lazy(() => import("./admin/AdminApp"));
// consent: the consent text and the privacy policy.
const Legal = lazy(() => import("./routes/Legal"));
// certificates: buying one, and a code's balance (the recipient's link).
const Certificates = lazy(() => import("./routes/Certificates"));
const CertificateBalance = lazy(() => import("./routes/CertificateBalance"));
// abonements: the visit packages and memberships on sale, buying one.
const Abonements = lazy(() => import("./routes/Abonements"));

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
