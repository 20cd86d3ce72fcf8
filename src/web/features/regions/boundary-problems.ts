import type { TFunction } from 'i18next';
import { boundaryProblemCodes, type BoundaryProblemCode } from '../../../shared/geojson';
import { isApiError } from '../../api/client';

/** One thing wrong with a boundary, as the server names it: a stable code, its params, an English message. */
export type BoundaryProblem = {
  /** The feature's index in an upload; absent for a single boundary. */
  feature?: number;
  code: string;
  params: {
    regionId?: string;
    regionName?: string;
    regionCode?: string;
    rootName?: string;
    area?: number;
    limit?: number;
    longitude?: number;
    latitude?: number;
  };
  message: string;
};

function isProblemCode(code: string): code is BoundaryProblemCode {
  return (boundaryProblemCodes as readonly string[]).includes(code);
}

/** The problems a refused boundary save or upload lists, or none for any other failure. */
export function boundaryProblemsOf(error: unknown): BoundaryProblem[] {
  const isBoundaryRefusal =
    isApiError(error) && (error.code === 'invalid_geojson' || error.code === 'boundary_conflict');
  return isBoundaryRefusal && Array.isArray(error.details) ? (error.details as BoundaryProblem[]) : [];
}

/** A problem in the user's language; never the server's English or a raw code. */
export function describeBoundaryProblem(t: TFunction, language: string, problem: BoundaryProblem): string {
  if (!isProblemCode(problem.code)) return t('regions.problems.unknown');
  const { area, limit, ...params } = problem.params;
  return t(`regions.problems.${problem.code}`, {
    ...params,
    area: area?.toLocaleString(language),
    limit: limit?.toLocaleString(language),
  });
}
