export interface Position {
  lat: number;
  lon: number;
  /** Metres, as the device estimates it. */
  accuracy: number;
}

/** The device's position, or an error message fit to show to the person holding it. */
export function currentPosition(): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('This browser cannot share your location. Tap the map or type the coordinates.'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude, accuracy: p.coords.accuracy }),
      (err) => reject(new Error(MESSAGES[err.code] ?? MESSAGES[2]!)),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  });
}

const MESSAGES: Record<number, string> = {
  1: 'Location permission was denied. Tap the map or type the coordinates instead.',
  2: 'Your location is not available right now. Tap the map or type the coordinates instead.',
  3: 'Finding your location took too long. Try again, tap the map, or type the coordinates.',
};
