// Reading the pages' QR images back in tests, the way a scanner would (GIF → pixels → jsQR).
import jsQR from 'jsqr';

export function decodeQr(dataUrl: string): Promise<string> {
  // omggif arrives as a devDependency of its own (GIF decoding only).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { GifReader } = require('omggif');
  const gif = new GifReader(Buffer.from(dataUrl.split(',')[1], 'base64'));
  const data = new Uint8ClampedArray(gif.width * gif.height * 4);
  gif.decodeAndBlitFrameRGBA(0, data);
  const found = jsQR(data, gif.width, gif.height);
  return found ? Promise.resolve(found.data) : Promise.reject(new Error('no QR code found in the image'));
}
