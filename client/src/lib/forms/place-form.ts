/** The errors a place can have: either coordinate, or "no place chosen at all". */
export type PlaceField = 'lat' | 'lon' | 'location';

/** What LocationField needs of a form: the two coordinates as typed, and how to show their errors. */
export interface PlaceForm {
  lat: string;
  lon: string;
  /** The chosen place when both coordinates are valid, for the map's marker. */
  readonly location: { lat: number; lon: number } | null;
  errorFor(field: PlaceField): string | undefined;
  describedBy(field: PlaceField, ...hints: string[]): string;
  touch(field: PlaceField): void;
  /** From a tap on the map or the device's position: both coordinates at once. */
  setLocation(lat: number, lon: number): void;
}

/** The form's own words for a place not (fully) given, where the schema's would speak of types. */
export function missingPlaceMessage(field: PlaceField, lat: number | undefined, lon: number | undefined): string | null {
  if (field === 'location') return 'Choose the place: tap the map, use your location, or type the coordinates.';
  if (field === 'lat') return lat === undefined ? 'Type the latitude too.' : null;
  return lon === undefined ? 'Type the longitude too.' : null;
}
