import { Button, Card, Toast } from 'antd-mobile';
import { useState } from 'react';
import { uuidv7 } from 'uuidv7';
import type { CheckIn } from '../../shared/api/cadres';
import { ApiError, request } from '../api';
import { useT } from '../i18n';

/** Where the phone is, or a word why not (no permission, no fix within the time). */
function locate(): Promise<{ lat: number; lng: number }> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) return reject(new Error('unavailable'));
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({ lat: position.coords.latitude, lng: position.coords.longitude }),
      reject,
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  });
}

/**
 * 服务日签到 for a cadre sent down, on 今日任务: check in where they stand (inside their grid, or how far outside),
 * then check out. The check-in's id is made once, so a send whose answer was lost is sent again as the same one.
 */
export function CheckInCard() {
  const t = useT();
  const [checkInId] = useState(uuidv7);
  const [checkIn, setCheckIn] = useState<CheckIn>();
  const [isBusy, setBusy] = useState(false);

  const send = async (path: string, body: (location: { lat: number; lng: number }) => unknown) => {
    setBusy(true);
    try {
      const location = await locate().catch(() => {
        throw new ApiError(0, 'location', t('checkIn.noLocation'));
      });
      setCheckIn(await request<CheckIn>(path, { method: 'POST', body: body(location) }));
    } catch (error) {
      const code = error instanceof ApiError ? error.code : '';
      Toast.show({ content: code === 'location' ? t('checkIn.noLocation') : (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('checkIn.title')} data-testid="check-in-card">
      {checkIn ? (
        <div data-testid="check-in-result">
          <div>{t('checkIn.checkedIn', { time: new Date(checkIn.checkedInAt).toLocaleTimeString() })}</div>
          <div className="field-muted">
            {checkIn.insideGrid === null
              ? t('checkIn.noBoundary')
              : checkIn.insideGrid
                ? t('checkIn.inside')
                : t('checkIn.outside', { meters: checkIn.distanceMeters ?? 0 })}
          </div>
          {checkIn.checkedOutAt ? (
            <div>{t('checkIn.checkedOut', { hours: checkIn.hours ?? 0 })}</div>
          ) : (
            <Button
              block
              loading={isBusy}
              onClick={() => void send(`/attendance/check-ins/${checkIn.id}/check-out`, (location) => ({ location }))}
              data-testid="check-out"
            >
              {t('checkIn.checkOut')}
            </Button>
          )}
        </div>
      ) : (
        <Button
          block
          color="primary"
          loading={isBusy}
          onClick={() => void send('/attendance/check-ins', (location) => ({ id: checkInId, location }))}
          data-testid="check-in"
        >
          {t('checkIn.checkIn')}
        </Button>
      )}
    </Card>
  );
}
