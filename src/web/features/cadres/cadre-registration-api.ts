import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ImportResult } from '../../../shared/api/cadres';
import { request } from '../../api/client';
import { cadresKey } from './cadres-api';

/**
 * Sends a unit's list as the file's own bytes. Always as octet-stream, which the server reads whatever the file
 * is: browsers name a .csv text/csv, text/plain or application/vnd.ms-excel depending on the machine.
 */
export function useImportCadres() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, unitId, serviceRegionId }: { file: File; unitId: string; serviceRegionId: string }) =>
      request<ImportResult>('/cadres/imports', {
        method: 'POST',
        query: { unitId, serviceRegionId, fileName: file.name },
        body: file.slice(0, file.size, 'application/octet-stream'),
      }),
    onSuccess: (result) => {
      if (result.imported > 0) void queryClient.invalidateQueries({ queryKey: cadresKey });
    },
    // The dialog shows the error beside the file, where the user picks another.
    meta: { isErrorHandledLocally: true },
  });
}
