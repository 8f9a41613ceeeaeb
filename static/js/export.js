// Emergency export: the unsent reports as a file the volunteer can send to a coordinator,
// who imports it (idempotent by uuid, so importing a report that arrived anyway is safe).
import { outboxItems } from "./outbox.js";

export const EXPORT_FORMAT = "icv-unsent-reports";

export async function exportFile(ownerId) {
  const items = await outboxItems(ownerId);
  const file = {
    format: EXPORT_FORMAT,
    format_version: 1,
    exported_at: new Date().toISOString(),
    user_id: ownerId,
    reports: items.map((item) => ({ uuid: item.uuid, report: item.report })),
  };
  return { count: items.length, blob: new Blob([JSON.stringify(file, null, 2)], { type: "application/json" }) };
}

export async function downloadUnsent(ownerId) {
  const { count, blob } = await exportFile(ownerId);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `unsent-visit-reports-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  return count;
}
