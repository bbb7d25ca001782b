// The camera as pages use it: what was scanned, or null when the patron closed the camera.

export interface ScanOptions {
  /** Only the camera, no picking an image from the album (e.g. the rotating check-in code). */
  onlyFromCamera?: boolean;
}

export async function scanText(scanType: ('barCode' | 'qrCode')[], opts: ScanOptions = {}): Promise<string | null> {
  try {
    return ((await wx.scanCode({ onlyFromCamera: opts.onlyFromCamera ?? false, scanType })).result ?? '').trim();
  } catch {
    return null; // cancelled
  }
}
