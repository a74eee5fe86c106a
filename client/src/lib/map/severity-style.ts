/**
 * How the wall tells severities apart: by colour AND by shape (points) or pattern and dash (areas), so
 * that nobody needs to tell red from orange. Colours come from a colour-blind-safe family (bright on a
 * dark map, different in lightness as well as hue); shapes are the ones control rooms already read.
 */
export const SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type SeverityShape = 'triangle' | 'diamond' | 'square' | 'circle' | 'ring';

export interface SeverityStyle {
  color: string;
  shape: SeverityShape;
  /** Areas: the fill pattern image (null: a plain tint) and the outline's dash (null: solid). */
  pattern: 'crosshatch' | 'stripes' | 'dots' | null;
  dash: number[] | null;
  lineWidth: number;
  /** 4 for Extreme … 0 for Unknown: cluster colour is the worst rank inside. */
  rank: number;
}

export const SEVERITY_STYLE: Record<Severity, SeverityStyle> = {
  Extreme: { color: '#ff4d6d', shape: 'triangle', pattern: 'crosshatch', dash: null, lineWidth: 5, rank: 4 },
  Severe: { color: '#ff9f1c', shape: 'diamond', pattern: 'stripes', dash: null, lineWidth: 3.5, rank: 3 },
  Moderate: { color: '#ffe14d', shape: 'square', pattern: 'dots', dash: [4, 2], lineWidth: 3, rank: 2 },
  Minor: { color: '#4cc9f0', shape: 'circle', pattern: null, dash: [1, 2], lineWidth: 2.5, rank: 1 },
  Unknown: { color: '#b8c1cc', shape: 'ring', pattern: null, dash: [1, 3], lineWidth: 2, rank: 0 },
};

export function severityOf(value: unknown): Severity {
  return SEVERITIES.includes(value as Severity) ? (value as Severity) : 'Unknown';
}

/** Extreme and Severe: what the wall flies to and the ticker shouts about. */
export function isUrgent(severity: unknown): boolean {
  const s = severityOf(severity);
  return s === 'Extreme' || s === 'Severe';
}

/** The colour of the worst severity rank, for cluster circles (`rank` from a cluster's `max`). */
export const RANK_COLORS: string[] = SEVERITIES.slice().reverse().map((s) => SEVERITY_STYLE[s].color);
