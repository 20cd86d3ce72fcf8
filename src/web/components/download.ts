import { send } from '../api/client';

type QueryValue = string | number | boolean | null | undefined;

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Saves data as a file on the user's machine (exports), without a round trip through a server URL. */
export function downloadJson(fileName: string, data: unknown, mimeType = 'application/geo+json'): void {
  saveBlob(new Blob([JSON.stringify(data, null, 2)], { type: mimeType }), fileName);
}

/** `filename*=UTF-8''…` (RFC 5987), as the server names its .xlsx files, else a plain `filename="…"`. */
function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return undefined;
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1];
}

/**
 * Downloads a file the API generates (.xlsx ledgers and reports) under the name the server gives it. Fetched
 * rather than linked, so that a refusal (no permission, no reason given) is an error the page can show instead of
 * a JSON page in a new tab.
 */
export async function downloadFile(
  path: string,
  query: Record<string, QueryValue> | undefined,
  fallbackFileName: string,
): Promise<void> {
  const response = await send(path, { query });
  saveBlob(await response.blob(), fileNameOf(response.headers.get('content-disposition')) ?? fallbackFileName);
}
