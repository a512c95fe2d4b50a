import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export interface TestS3 {
  /** SLUICE_* settings that point Sluice's file storage at this server. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** A real S3-protocol server (s3rver) on a free local port, with one empty bucket: no internet, no mocks. */
export async function startTestS3(bucket = 'sluice-test'): Promise<TestS3> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return {
    env: {
      SLUICE_S3_BUCKET: bucket, SLUICE_S3_ENDPOINT: endpoint, SLUICE_S3_PREFIX: 'sluice',
      SLUICE_S3_ACCESS_KEY_ID: 'S3RVER', SLUICE_S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
