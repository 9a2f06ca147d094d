// Saves a blob as a file through a blob URL (the customer's data export, the
// back office's CSV). The URL is revoked once the browser has had time to start
// the download.
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
