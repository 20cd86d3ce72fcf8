import { useMutation, useQuery } from '@tanstack/react-query';
import type { Person, PersonChanges, PersonInput, PersonPage } from '../../../shared/api/registry';
import { request } from '../../api/client';
import { useCursorList } from '../../api/pagination';
import { registryKey, useRegistryMutation } from './registry-api';

/** What a person list shows; `householdId` narrows it to one household's members. */
export type PersonFilter = {
  regionId: string | undefined;
  search: string;
  tag: string | undefined;
  householdId?: string | undefined;
};

const personKeys = {
  list: (filter: PersonFilter) => [...registryKey, 'persons', 'list', filter] as const,
  detail: (id: string) => [...registryKey, 'persons', 'detail', id] as const,
};

// Enough to fill a screen and scroll a little; "load more" brings the next page.
const personPageSize = 50;

/**
 * People in a region's subtree matching the search (name, pinyin, initials, or the end of an ID or phone), or the
 * members of a household.
 */
export function usePersons(filter: PersonFilter, options: { enabled?: boolean } = {}) {
  const list = useCursorList<PersonPage>(
    personKeys.list(filter),
    (cursor, signal) =>
      request<PersonPage>('/persons', {
        query: {
          regionId: filter.regionId,
          q: filter.search,
          tag: filter.tag,
          householdId: filter.householdId,
          cursor,
          limit: personPageSize,
        },
        signal,
      }),
    { ...options, keepsPreviousWhileLoading: true },
  );
  return { ...list, total: list.firstPage?.total ?? undefined, isTotalCapped: list.firstPage?.isTotalCapped ?? false };
}

/** One person, masked (the server records that it was read). */
export function usePerson(id: string | undefined) {
  return useQuery({
    queryKey: personKeys.detail(id ?? ''),
    queryFn: ({ signal }) => request<Person>(`/persons/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== undefined,
  });
}

/**
 * The full ID number and phone, for `sensitive.read` only; the reason is recorded in the audit log. The answer is
 * kept by the caller for as long as it shows it, never in the query cache.
 */
export function useRevealPerson() {
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      request<Person>(`/persons/${encodeURIComponent(id)}`, { query: { reveal: true, reason } }),
  });
}

export function useCreatePerson(options?: { isErrorShownInline?: boolean }) {
  return useRegistryMutation(
    (input: PersonInput) => request<Person>('/persons', { method: 'POST', body: input }),
    options,
  );
}

export function useUpdatePerson(options?: { isErrorShownInline?: boolean }) {
  return useRegistryMutation(
    ({ id, ...changes }: PersonChanges & { id: string }) =>
      request<Person>(`/persons/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes }),
    options,
  );
}

export function useDeletePerson() {
  return useRegistryMutation(
    (id: string) => request<void>(`/persons/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    {
      // The drawer of the deleted person is closing; asking for it again would only fetch a 404.
      goneQueryKey: personKeys.detail,
    },
  );
}
