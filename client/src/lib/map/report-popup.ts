import { REPORT_CATEGORIES, type Report } from '@sitroom/shared';
import { hazardColor } from './hazard-colors';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A report's details for a popup. Built with textContent only: descriptions come from the public. */
export function reportDetails(report: Report): HTMLElement {
  const root = document.createElement('div');
  root.className = 'report-popup';

  const title = document.createElement('div');
  title.className = 'report-popup-title';
  const swatch = document.createElement('span');
  swatch.className = 'report-popup-swatch';
  swatch.style.setProperty('--swatch', hazardColor(report.hazard));
  if (report.status !== 'verified') swatch.classList.add('hollow');
  const label = document.createElement('span');
  label.textContent = REPORT_CATEGORIES.find((c) => c.id === report.category)?.label ?? report.category;
  title.append(swatch, label);

  const meta = document.createElement('div');
  meta.className = 'report-popup-meta';
  const when = Date.parse(report.occurredAt ?? report.receivedAt);
  meta.textContent = `${report.status.toUpperCase()} · ${Number.isNaN(when) ? '' : timeFormat.format(when)}`;

  const description = document.createElement('p');
  description.textContent = report.description;

  root.append(title, meta, description);
  return root;
}
