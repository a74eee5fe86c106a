import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Alert } from '@sitroom/shared';

export interface AlertFeatureProps {
  id: string;
  severity: string;
}

/** Alerts needing only what the map needs; areas without a geometry (geocodes only) are not drawn. */
export type MapAlert = Pick<Alert, 'id' | 'severity' | 'areas'>;

/** One feature per drawn area of each alert. */
export function alertFeatures(alerts: Iterable<MapAlert>): FeatureCollection<Geometry, AlertFeatureProps> {
  const features: Feature<Geometry, AlertFeatureProps>[] = [];
  for (const a of alerts) {
    for (const area of a.areas) {
      if (area.geometry) features.push({ type: 'Feature', geometry: area.geometry as Geometry, properties: { id: a.id, severity: a.severity } });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** CAP severities, hottest first; readable on both the light and the dark basemap. */
export const SEVERITY_COLORS: Record<string, string> = {
  Extreme: '#dc2626',
  Severe: '#ea580c',
  Moderate: '#ca8a04',
  Minor: '#2563eb',
  Unknown: '#6b7280',
};

export function severityColor(severity: string): string {
  return SEVERITY_COLORS[severity] ?? SEVERITY_COLORS.Unknown!;
}
