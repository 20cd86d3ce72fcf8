import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../auth/actor.js';
import { findUpload, keepUpload, reviseUpload, takeUpload } from './pending-uploads.js';

function actorNamed(username: string): Actor {
  return {
    id: `00000000-0000-7000-8000-${username.padStart(12, '0')}`,
    username,
    displayName: username,
    role: 'grid_member',
    regionId: undefined,
    regionCode: undefined,
    countyId: undefined,
    address: undefined,
    userAgent: undefined,
  };
}

const owner = actorNamed('owner');
const upload = { regionId: 'region', fileName: 'ledger.csv', content: Buffer.from('姓名,身份证号\n张三,\n') };

describe('pending uploads', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps an upload for its owner through re-checks, and hands it to one import', () => {
    const uploadId = keepUpload(owner, upload, 1);
    reviseUpload(owner, uploadId, { 1: 'idNumber' }, 1);
    expect(findUpload(owner, uploadId).upload.overrides).toEqual({ 1: 'idNumber' });
    expect(takeUpload(owner, uploadId).upload.fileName).toBe('ledger.csv');
    expect(() => findUpload(owner, uploadId)).toThrow(expect.objectContaining({ code: 'import_not_found' }));
  });

  it('answers another user, an expired upload and an unknown id alike', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const uploadId = keepUpload(owner, upload, 1);
    const notFound = expect.objectContaining({ code: 'import_not_found' });
    expect(() => findUpload(actorNamed('other'), uploadId)).toThrow(notFound);
    expect(() => reviseUpload(actorNamed('other'), uploadId, {}, 1)).toThrow(notFound);
    expect(() => takeUpload(owner, 'no-such-upload')).toThrow(notFound);

    // Each re-check gives the user another half hour.
    vi.advanceTimersByTime(25 * 60 * 1000);
    reviseUpload(owner, uploadId, {}, 1);
    vi.advanceTimersByTime(25 * 60 * 1000);
    expect(findUpload(owner, uploadId).totalRows).toBe(1);
    vi.advanceTimersByTime(6 * 60 * 1000);
    expect(() => takeUpload(owner, uploadId)).toThrow(notFound);
  });
});
