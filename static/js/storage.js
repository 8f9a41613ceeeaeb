// Ask the browser to keep our data even when the phone runs short of space, and say so when
// it will not, or when space is nearly gone.
import { gettext } from "./i18n.js";

const NEARLY_FULL = 0.9;

/** Returns a warning to show, or "" when storage is safe. */
export async function storageWarning() {
  const storage = navigator.storage;
  if (!storage || !storage.persist) {
    return gettext("This browser may delete reports saved on this phone if space runs low. Send them as soon as you have a signal.");
  }
  let persisted = await storage.persisted();
  if (!persisted) persisted = await storage.persist();
  if (storage.estimate) {
    const { usage = 0, quota = 0 } = await storage.estimate();
    if (quota && usage / quota > NEARLY_FULL) {
      return gettext("This phone is nearly out of storage space for the app. Send your reports, or download them, before you record more.");
    }
  }
  if (!persisted) {
    return gettext("This phone has not agreed to keep the app's data permanently, so it could delete saved reports if space runs low. Adding the app to your home screen usually fixes this.");
  }
  return "";
}
