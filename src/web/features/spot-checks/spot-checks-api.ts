import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  SpotCheck,
  SpotCheckFinding,
  SpotCheckFindingList,
  SpotCheckList,
  SpotCheckOutcome,
  SpotCheckPhoto,
  SpotCheckPhotoStage,
} from '../../../shared/api/spot-checks';
import type { CadrePage } from '../../../shared/api/cadres';
import type { Region } from '../../../shared/api/regions';
import { apiUrl, isApiError, request } from '../../api/client';
import { describeError } from '../../api/errors';

/** Every spot-check query starts with this key: a change refreshes the checks and the overdue list at once. */
const spotChecksKey = ['spot-checks'] as const;

export function useSpotChecks() {
  return useQuery({
    queryKey: [...spotChecksKey, 'list'],
    queryFn: ({ signal }) => request<SpotCheckList>('/spot-checks', { signal }).then((answer) => answer.items),
  });
}

export function useOverdueFindings() {
  return useQuery({
    queryKey: [...spotChecksKey, 'overdue'],
    queryFn: ({ signal }) =>
      request<SpotCheckFindingList>('/spot-check-findings', { query: { overdue: 'true' }, signal }).then(
        (answer) => answer.items,
      ),
  });
}

/** Communities and grids in scope whose name holds the typed text: the areas a check visits. */
export function useAreaSearch(text: string) {
  return useQuery({
    queryKey: [...spotChecksKey, 'areas', text],
    queryFn: ({ signal }) =>
      request<{ items: Region[] }>('/regions/search', { query: { q: text }, signal }).then((answer) =>
        answer.items.filter((region) => region.level === 'village' || region.level === 'grid'),
      ),
    enabled: text.trim().length > 0,
    staleTime: 30_000,
  });
}

/**
 * A change: refreshes every spot-check list, and says why when it fails. A correction made meanwhile shows the
 * check afresh; a locked period says whose approval locks it (the server's sentence, in the page's language).
 */
function useChange<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  const { message, notification } = App.useApp();
  const { t } = useTranslation();
  const refresh = () => queryClient.invalidateQueries({ queryKey: spotChecksKey });
  return useMutation({
    mutationFn: send,
    // Said here, not again by the console's catch-all (which showed every failure twice).
    meta: { isErrorHandledLocally: true },
    onSuccess: refresh,
    onError: (error) => {
      if (isApiError(error) && error.code === 'spot_check_changed') {
        void message.warning(t('spotChecks.errors.changed'));
        void refresh();
        return;
      }
      if (isApiError(error) && (error.code === 'period_locked' || error.code === 'spot_check_finding_decided')) {
        const title = t(
          error.code === 'period_locked' ? 'spotChecks.errors.periodLocked' : 'spotChecks.errors.decided',
        );
        notification.error({ title, description: error.message, placement: 'topRight' });
        void refresh();
        return;
      }
      const { title, detail } = describeError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
    },
  });
}

export type PlanInput = { checkOn: string; title: string; inspectors: string[]; regionIds: string[] };
export type RecordInput = {
  cadreId: string;
  outcome: SpotCheckOutcome;
  place?: string;
  activity?: string;
  note?: string;
};
export type FindingInput = { regionId: string; description: string; deadline: string };

const photoTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** Sends the photos of a record or finding one by one, their own bytes; the server checks each is a photo. */
async function uploadPhotos(spotCheckId: string, stage: SpotCheckPhotoStage, subjectId: string, files: File[]) {
  for (const file of files) {
    const body = photoTypes.has(file.type) ? file : new Blob([file], { type: 'application/octet-stream' });
    await request<SpotCheckPhoto>(`/spot-checks/${encodeURIComponent(spotCheckId)}/photos`, {
      method: 'POST',
      query: { fileName: file.name || 'photo.jpg', stage, subjectId },
      body,
    });
  }
}

export function spotCheckPhotoUrl(spotCheckId: string, photoId: string): string {
  return apiUrl(`/spot-checks/${encodeURIComponent(spotCheckId)}/photos/${encodeURIComponent(photoId)}`);
}

/** Photos added to a record or finding already saved. */
export function useAddPhotos(spotCheckId: string) {
  return useChange((input: { stage: SpotCheckPhotoStage; subjectId: string; files: File[] }) =>
    uploadPhotos(spotCheckId, input.stage, input.subjectId, input.files),
  );
}

export function usePlanSpotCheck() {
  return useChange((input: PlanInput) => request<SpotCheck>('/spot-checks', { method: 'POST', body: input }));
}

/** Records a cadre, then sends the photos taken of them. */
export function useRecordSpotCheck(id: string) {
  return useChange(async ({ photos, ...input }: RecordInput & { photos: File[] }) => {
    const check = await request<SpotCheck>(`/spot-checks/${encodeURIComponent(id)}/records`, {
      method: 'POST',
      body: input,
    });
    const record = check.records.find((candidate) => candidate.cadre.id === input.cadreId)!;
    await uploadPhotos(id, 'record', record.id, photos);
  });
}

/** Adds a finding, then sends its photos: the finding is the one the check did not have before. */
export function useAddFinding(check: SpotCheck) {
  return useChange(async ({ photos, ...input }: FindingInput & { photos: File[] }) => {
    const known = new Set(check.findings.map((finding) => finding.id));
    const answer = await request<SpotCheck>(`/spot-checks/${encodeURIComponent(check.id)}/findings`, {
      method: 'POST',
      body: input,
    });
    const added = answer.findings.find((finding) => !known.has(finding.id))!;
    await uploadPhotos(check.id, 'finding', added.id, photos);
  });
}

/** Records the rectification of a finding, then sends its photos. */
export function useRectifyFinding() {
  return useChange(
    async ({
      id,
      spotCheckId,
      photos,
      ...body
    }: {
      id: string;
      spotCheckId: string;
      photos: File[];
      note: string;
      rectifiedOn: string;
    }) => {
      await request<SpotCheckFinding>(`/spot-check-findings/${encodeURIComponent(id)}/rectification`, {
        method: 'POST',
        body,
      });
      await uploadPhotos(spotCheckId, 'rectification', id, photos);
    },
  );
}

/** What a correction of a record sends: the fields as they should read, the version read, and why. */
export type RecordCorrectionInput = {
  recordId: string;
  version: number;
  outcome: SpotCheckOutcome;
  place: string;
  activity: string;
  note: string;
  reason: string;
};

/** Corrects a record of the check: the server changes only the fields that differ. */
export function useCorrectRecord(spotCheckId: string) {
  return useChange(({ recordId, ...body }: RecordCorrectionInput) =>
    request<SpotCheck>(`/spot-checks/${encodeURIComponent(spotCheckId)}/records/${encodeURIComponent(recordId)}`, {
      method: 'PATCH',
      body,
    }),
  );
}

export type FindingCorrectionInput = {
  findingId: string;
  version: number;
  description: string;
  deadline: string;
  reason: string;
};

/** Corrects an open finding's text or deadline. */
export function useCorrectFinding(spotCheckId: string) {
  return useChange(({ findingId, ...body }: FindingCorrectionInput) =>
    request<SpotCheck>(`/spot-checks/${encodeURIComponent(spotCheckId)}/findings/${encodeURIComponent(findingId)}`, {
      method: 'PATCH',
      body,
    }),
  );
}

export function useCloseFinding() {
  return useChange((id: string) =>
    request<SpotCheckFinding>(`/spot-check-findings/${encodeURIComponent(id)}/close`, { method: 'POST' }),
  );
}

/** Serving cadres in scope whose name holds the typed text: whom the group records. */
export function useCadreSearch(text: string) {
  return useQuery({
    queryKey: [...spotChecksKey, 'cadres', text],
    queryFn: ({ signal }) =>
      request<CadrePage>('/cadres', { query: { q: text || undefined, status: 'active', limit: 50 }, signal }).then(
        (answer) => answer.items,
      ),
    staleTime: 30_000,
  });
}
