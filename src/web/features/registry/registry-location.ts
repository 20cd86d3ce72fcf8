import { useCallback } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useRegionChildren } from '../regions/regions-api';

/**
 * The registry keeps its shared state in the address, so that tabs, the back button and a link sent to a
 * colleague all agree: `region` is the region the lists show (shared by every tab), `person` or `household`
 * the record whose drawer is open.
 */
const regionParameter = 'region';
const personParameter = 'person';
const householdParameter = 'household';

/** The region the registry lists show: the chosen one, else the (first) root of the user's scope. */
export function useRegistryRegion() {
  const [searchParams, setSearchParams] = useSearchParams();
  const roots = useRegionChildren(undefined);
  const chosenId = searchParams.get(regionParameter) ?? undefined;
  const regionId = chosenId ?? roots.data?.[0]?.id;

  // A history entry each, so that the back button climbs back out of a drill-down.
  const setRegionId = useCallback(
    (id: string | undefined) =>
      setSearchParams((current) => {
        const next = new URLSearchParams(current);
        if (id) next.set(regionParameter, id);
        else next.delete(regionParameter);
        return next;
      }),
    [setSearchParams],
  );

  return {
    regionId,
    setRegionId,
    /** Lists wait for this, so that they do not load the whole scope and then again the default region. */
    isReady: chosenId !== undefined || !roots.isPending,
  };
}

/** The search part to carry to another registry tab: the region, not the open drawer. */
export function useSearchKeepingRegion(): string {
  const [searchParams] = useSearchParams();
  const regionId = searchParams.get(regionParameter);
  return regionId ? `?${new URLSearchParams({ [regionParameter]: regionId }).toString()}` : '';
}

type DrawerState = { isOpenedHere?: boolean } | null;

/**
 * Which person or household drawer is open. Opening one adds a history entry, so that the phone's back button
 * closes it; from a person one can open their household and come back the same way.
 */
export function useRegistryDrawer() {
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();

  const open = useCallback(
    (parameter: string, id: string) => {
      const next = new URLSearchParams(location.search);
      next.delete(personParameter);
      next.delete(householdParameter);
      next.set(parameter, id);
      void navigate({ search: next.toString() }, { state: { isOpenedHere: true } satisfies DrawerState });
    },
    [location.search, navigate],
  );

  const close = useCallback(() => {
    // Opened from this page: going back closes it and restores what was open before. Arrived with the drawer open
    // (a shared link): nothing to go back to, so the parameter is dropped in place.
    if ((location.state as DrawerState)?.isOpenedHere) {
      void navigate(-1);
      return;
    }
    const next = new URLSearchParams(location.search);
    next.delete(personParameter);
    next.delete(householdParameter);
    void navigate({ search: next.toString() }, { replace: true });
  }, [location.search, location.state, navigate]);

  return {
    personId: searchParams.get(personParameter) ?? undefined,
    householdId: searchParams.get(householdParameter) ?? undefined,
    openPerson: useCallback((id: string) => open(personParameter, id), [open]),
    openHousehold: useCallback((id: string) => open(householdParameter, id), [open]),
    close,
  };
}
