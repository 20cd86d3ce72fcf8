/** Saves data as a file on the user's machine (exports), without a round trip through a server URL. */
export function downloadJson(fileName: string, data: unknown, mimeType = 'application/geo+json'): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
