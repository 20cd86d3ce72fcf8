import type { Case, CaseDetail } from '../src/shared/api/cases.js';
import type { NotificationPage } from '../src/shared/api/notifications.js';
import { expectStatus, type Agent, type ApiResponse } from './helpers.js';

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
export async function notificationsOf(agent: Agent, query = ''): Promise<NotificationPage> {
  const response = await agent.get(`/api/v1/notifications${query}`);
  expectStatus(response, 200);
  return response.json<NotificationPage>();
}
