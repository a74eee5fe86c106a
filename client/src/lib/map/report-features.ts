import type { Feature, FeatureCollection, Point } from 'geojson';
import type { Report } from '@sitroom/shared';

export interface ReportFeatureProps {
  id: string;
  hazard: string;
  status: Report['status'];
}

/** Reports as GeoJSON points carrying only what the layers style by; the rest stays in the store. */
export function reportFeatures(reports: Iterable<Report>): FeatureCollection<Point, ReportFeatureProps> {
  const features: Feature<Point, ReportFeatureProps>[] = [];
  for (const r of reports) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [r.location.lon, r.location.lat] },
      properties: { id: r.id, hazard: r.hazard, status: r.status },
    });
  }
  return { type: 'FeatureCollection', features };
}
