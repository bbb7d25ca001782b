// The camera as pages use it: what was scanned, or null when the patron closed the camera.

export async function scanText(scanType: ('barCode' | 'qrCode')[]): Promise<string | null> {
  try {
    return ((await wx.scanCode({ onlyFromCamera: false, scanType })).result ?? '').trim();
  } catch {
    return null; // cancelled
  }
}
