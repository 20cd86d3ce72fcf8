import { expectStatus, type Agent, type ApiResponse } from './helpers.js';

/** The fields of a case answer (see caseSchema in src/server/modules/cases/cases.schemas.ts) the tests read. */
export type Case = {
  id: string;
  number: string;
  category: string;
  status: string;
  level: string;
  regionId: string;
  householdId: string | null;
  residentPhone: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  isPublished: boolean;
  duplicateOfId: string | null;
  result: string | null;
  deadline: string | null;
  isOverdue: boolean;
  closedAt: string | null;
  closedLevel: string | null;
  rating: number | null;
  urgedCount: number;
  urgedAt: string | null;
  version: number;
  abilities: string[];
};

/** A case with its timeline and files, as GET /cases/{id} answers it. */
export type CaseDetail = Case & {
  timeline: {
    action: string;
    fromStatus: string | null;
    toStatus: string;
    toLevel: string;
    actorName: string | null;
    note: string | null;
    details: Record<string, unknown> | null;
  }[];
  files: { id: string; fileName: string; contentType: string; size: number }[];
};

/** A user's notifications, as GET /notifications answers them. */
export type Notice = {
  id: string;
  caseId: string | null;
  kind: string;
  params: Record<string, string | number | null>;
  readAt: string | null;
};
export type Notifications = { items: Notice[]; nextCursor: string | null; unread: number };

/**
 * Reports a case and expects it taken (201). `environment` is a need its grid handles itself (3 days); the body
 * names the grid (`regionId`) or a point (`location`) and may replace the category and description.
 */
export async function reportCase(agent: Agent, body: Record<string, unknown>): Promise<Case> {
  const response = await agent.post('/api/v1/cases', {
    category: 'environment',
    description: '楼道堆放杂物',
    ...body,
  });
  expectStatus(response, 201);
  return response.json<Case>();
}

/** Asks for a transition of a case, whatever the answer. */
export function attemptOn(agent: Agent, id: string, body: Record<string, unknown>): Promise<ApiResponse> {
  return agent.post(`/api/v1/cases/${id}/transitions`, body);
}

/** Takes a transition of a case and expects it done (200). */
export async function actOn(agent: Agent, id: string, body: Record<string, unknown>): Promise<Case> {
  const response = await attemptOn(agent, id, body);
  expectStatus(response, 200);
  return response.json<Case>();
}

/** A case with its timeline and files, as the agent sees it. */
export async function detailOf(agent: Agent, id: string): Promise<CaseDetail> {
  const response = await agent.get(`/api/v1/cases/${id}`);
  expectStatus(response, 200);
  return response.json<CaseDetail>();
}

/** The agent's notifications; `query` starts with `?`. */
export async function notificationsOf(agent: Agent, query = ''): Promise<Notifications> {
  const response = await agent.get(`/api/v1/notifications${query}`);
  expectStatus(response, 200);
  return response.json<Notifications>();
}
