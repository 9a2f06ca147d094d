// Web Push for waitlist offers: subscribes this browser with the salon's VAPID
// key and hands the subscription to the API. Best effort: without permission
// or push support the offer still arrives by SMS.
import { getPushKey, savePushSubscription } from "./endpoints";

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** True when this browser will get pushes for the signed-in user. */
export async function enablePush(): Promise<boolean> {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return false;
  try {
    const { public_key } = await getPushKey();
    if (!public_key) return false;
    if ((await Notification.requestPermission()) !== "granted") return false;
    const registration = await navigator.serviceWorker.ready;
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(public_key) }));
    await savePushSubscription(subscription.toJSON());
    return true;
  } catch {
    return false;
  }
}
