import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

/**
 * Hands an uploaded object to the parser Lambda again, as S3 would: an asynchronous invoke with
 * the S3 event it would have sent (key URL-encoded as S3 encodes it), so the parser's retries and
 * its on-failure destination apply to this reading too.
 */
export function parserInvoker(client: LambdaClient, functionName: string, bucket: string) {
  return async (objectKey: string, size: number): Promise<void> => {
    const event = {
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: {
            bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
            object: { key: encodeURIComponent(objectKey).replace(/%2F/g, '/'), size },
          },
        },
      ],
    };
    await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    );
  };
}
