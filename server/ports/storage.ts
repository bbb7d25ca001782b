// Cloud storage through wx-server-sdk (uploadFile / getTempFileURL / deleteFile). The local cloud
// answers the same SDK requests (devcloud/storage.ts), so this one adapter serves both.
export interface FileStorage {
  upload(cloudPath: string, content: Buffer): Promise<string>;
  /** A temporary download URL valid for maxAgeSeconds. */
  tempUrl(fileID: string, maxAgeSeconds: number): Promise<string>;
  remove(fileIDs: string[]): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function cloudStorage(cloud: any): FileStorage {
  return {
    async upload(cloudPath, content) {
      const res = await cloud.uploadFile({ cloudPath, fileContent: content });
      return String(res.fileID);
    },
    async tempUrl(fileID, maxAge) {
      const res = await cloud.getTempFileURL({ fileList: [{ fileID, maxAge }] });
      const f = res.fileList?.[0];
      if (!f || f.status !== 0 || !f.tempFileURL) throw new Error(`getTempFileURL failed for ${fileID}: ${f?.errMsg ?? 'no answer'}`);
      return String(f.tempFileURL);
    },
    async remove(fileIDs) {
      if (fileIDs.length) await cloud.deleteFile({ fileList: fileIDs });
    },
  };
}
