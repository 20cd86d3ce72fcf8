import { apiUrl, ApiError } from '../../api/client';

type QueryValue = string | number | boolean | null | undefined;

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

async function errorOf(response: Response): Promise<ApiError> {
  const payload: unknown = await response.json().catch(() => undefined);
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(response.status, error.code, String(error.message ?? error.code), error.details);
  }
  return new ApiError(response.status, `http_${response.status}`, response.statusText || `HTTP ${response.status}`);
}

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
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), { credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : 'Network error');
  }
  if (!response.ok) throw await errorOf(response);
  saveBlob(await response.blob(), fileNameOf(response.headers.get('content-disposition')) ?? fallbackFileName);
}
