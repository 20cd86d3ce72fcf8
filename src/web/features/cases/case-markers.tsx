import type { ReactNode } from 'react';
import { CircleMarker, Tooltip } from 'react-leaflet';

// Overdue cases in the console's red, the others in its blue: the one distinction a commander looks for.
const openColor = '#1f5fbf';
const overdueColor = '#c8102e';

/** A case on a map: a dot coloured by whether it is overdue, with its label on hover. */
export function CaseMarker({
  position,
  isOverdue,
  label,
  onClick,
}: {
  position: { lat: number; lng: number };
  isOverdue: boolean;
  label?: ReactNode;
  onClick?: () => void;
}) {
  const color = isOverdue ? overdueColor : openColor;
  return (
    <CircleMarker
      center={[position.lat, position.lng]}
      radius={8}
      pathOptions={{ color: '#fff', weight: 2, fillColor: color, fillOpacity: 0.95 }}
      eventHandlers={onClick ? { click: onClick } : undefined}
    >
      {label ? <Tooltip direction="top">{label}</Tooltip> : null}
    </CircleMarker>
  );
}

export const caseMarkerColors = { open: openColor, overdue: overdueColor };
