// Reading the pages' QR images back in tests.

/** Reads a QR data URL back the way a scanner would (GIF → pixels → decoder). omggif and
 * qrcode-reader arrive with miniprogram-ci (a devDependency), not as direct dependencies. */
export function decodeQr(dataUrl: string): Promise<string> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { GifReader } = require('omggif');
  const QrReader = require('qrcode-reader');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const gif = new GifReader(Buffer.from(dataUrl.split(',')[1], 'base64'));
  const data = new Uint8Array(gif.width * gif.height * 4);
  gif.decodeAndBlitFrameRGBA(0, data);
  return new Promise((resolve, reject) => {
    const reader = new QrReader();
    reader.callback = (err: unknown, value?: { result: string }) => (err || !value ? reject(err) : resolve(value.result));
    reader.decode({ width: gif.width, height: gif.height, data });
  });
}
