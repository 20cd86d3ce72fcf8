import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiUrl, ApiError, readJsonLines, request, send } from '../../../api/client';
import type { ColumnOverrides, ImportEvent, ImportRecord, LedgerPreview } from '../../../../shared/api/registry-import';
import { registryKey } from '../registry-api';

/** What an import's page shows: the events of the import it started, or a finished import's record after a reload. */
export type ImportStatus = ImportEvent | ImportRecord;

// The content types the server reads as raw bytes; any other (a browser may call a .csv text/plain) is sent as
// octet-stream, which the server also takes, rather than refused with 415.
const acceptedContentTypes = new Set([
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
  'application/vnd.ms-excel',
]);

function errorOf(request: XMLHttpRequest): ApiError {
  let payload: unknown;
  try {
    payload = JSON.parse(request.responseText);
  } catch {
    payload = undefined;
  }
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(request.status, error.code, String(error.message ?? error.code), error.details);
  }
  return new ApiError(request.status, `http_${request.status}`, request.statusText || `HTTP ${request.status}`);
}

type UploadInput = {
  file: File;
  regionId: string;
  csrfToken: string;
  /** Called with the share of the file sent so far (0..1). */
  onProgress: (share: number) => void;
};

/**
 * Sends the file's own bytes for checking, nothing is written yet. XMLHttpRequest rather than fetch, because only
 * it reports upload progress, which a ledger of tens of thousands of rows on a village connection needs.
 */
export function uploadLedger({ file, regionId, csrfToken, onProgress }: UploadInput): Promise<LedgerPreview> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl('/registry/imports/preview', { regionId, fileName: file.name }));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', acceptedContentTypes.has(file.type) ? file.type : 'application/octet-stream');
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(errorOf(xhr));
        return;
      }
      try {
        resolve(JSON.parse(xhr.responseText) as LedgerPreview);
      } catch {
        reject(new ApiError(xhr.status, 'internal_error', 'The server answered with something other than JSON.'));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Network error'));
    xhr.send(file);
  });
}

export function useUploadLedger() {
  return useMutation({
    mutationFn: uploadLedger,
    // The wizard shows the error in the step, where the user picks another file.
    meta: { isErrorHandledLocally: true },
  });
}

/**
 * Checks a pending upload again with the user's column mapping: the same preview, with the problems the import will
 * find. The import that follows uses that mapping too.
 */
export function useRecheckLedger() {
  return useMutation({
    mutationFn: ({ uploadId, overrides }: { uploadId: string; overrides: ColumnOverrides }) =>
      request<LedgerPreview>(`/registry/imports/${encodeURIComponent(uploadId)}/preview`, {
        method: 'POST',
        body: { overrides },
      }),
    // The step shows the error beside the mapping (an expired upload: choose the file again).
    meta: { isErrorHandledLocally: true },
  });
}

const importKey = (importId: string | undefined) => ['registry-import', importId] as const;

/**
 * Starts the import of a previewed upload. The server streams the progress on the same answer (one JSON line per
 * batch), which lands in the query cache `useImportStatus` reads; resolves with the import's id once it runs.
 */
export function useStartImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { uploadId: string; overrides?: ColumnOverrides }) => {
      const response = await send('/registry/imports', { method: 'POST', body: input });
      const events = readJsonLines<ImportEvent>(response);
      const first = await events.next();
      if (first.done) throw new ApiError(response.status, 'internal_error', 'The import did not start.');
      const { importId } = first.value;
      queryClient.setQueryData(importKey(importId), first.value);
      void (async () => {
        for await (const event of events) queryClient.setQueryData(importKey(importId), event);
        await queryClient.invalidateQueries({ queryKey: registryKey });
      })();
      return { importId };
    },
    meta: { isErrorHandledLocally: true },
  });
}

/** An import's progress as it streams in; after a reload, the finished import's result from the server. */
export function useImportStatus(importId: string | undefined) {
  return useQuery<ImportStatus>({
    queryKey: importKey(importId),
    queryFn: ({ signal }) =>
      request<ImportRecord>(`/registry/imports/${encodeURIComponent(importId ?? '')}`, { signal }),
    enabled: importId !== undefined,
    staleTime: Infinity,
  });
}
