import { Logger } from '@aws-lambda-powertools/logger';
import {
  AdminDeleteUserCommand,
  CognitoIdentityProviderClient,
  TooManyRequestsException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { randomUUID } from 'node:crypto';
import { CognitoUserDirectory } from '../../lambdas/adapters/aws/cognito-user-directory';
import { createRouter } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { apiClient } from '../support/api-client';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const cognito = mockClient(CognitoIdentityProviderClient);
const POOL = 'eu-west-1_AbC123xyz';

/** Cognito as AdminDeleteUser behaves: the first call deletes, later calls find no such user. */
function cognitoWithUsers(...subs: string[]): void {
  const present = new Set(subs);
  cognito.on(AdminDeleteUserCommand).callsFake((input: { UserPoolId: string; Username: string }) => {
    if (input.UserPoolId !== POOL || !present.delete(input.Username))
      throw new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });
    return {};
  });
}

describe('DELETE /me on AWS erases the person’s sign-in too', () => {
  let database: TestDatabase;
  let request: ReturnType<typeof apiClient>;
  const blobs = new MemoryBlobStore();

  beforeAll(async () => {
    database = await createTestDatabase();
    const client = new CognitoIdentityProviderClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    request = apiClient(
      createRouter(apiRoutes, {
        db: database.db,
        blobs,
        categoriseQueue: new RecordingQueue(),
        forecastQueue: new RecordingQueue(),
        languageModel: null,
        users: new CognitoUserDirectory(client, POOL),
        logger: new Logger({ serviceName: 'test', logLevel: 'CRITICAL' }),
        limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
      }),
    );
  });
  beforeEach(() => cognito.reset());
  afterAll(async () => database.close());

  const personWithAnAccount = async () => {
    const person = randomUUID();
    await request(person, 'POST', '/accounts', { name: 'Current', kind: 'current', currency: 'GBP' });
    return person;
  };

  it('deletes the Cognito user named by the token’s sub, after the rows and files, and only theirs', async () => {
    const dana = await personWithAnAccount();
    const erin = await personWithAnAccount();
    cognitoWithUsers(dana, erin);
    blobs.put(`uploads/${dana}/u1/statement.csv`, 'Date,Description,Amount\n');

    const erased = await request(dana, 'DELETE', '/me');
    expect(erased).toEqual({ status: 200, body: { erased: true, files: 1, signIn: 'deleted' } });
    expect(cognito.commandCalls(AdminDeleteUserCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: POOL, Username: dana },
    ]);
    expect((await request(dana, 'GET', '/accounts')).body.items).toEqual([]);
    expect((await request(erin, 'GET', '/accounts')).body.items).toHaveLength(1);
  });

  it('answers the same again when repeated with a token still valid: the user already gone is not an error', async () => {
    const frank = await personWithAnAccount();
    cognitoWithUsers(frank);
    expect((await request(frank, 'DELETE', '/me')).body).toEqual({ erased: true, files: 0, signIn: 'deleted' });
    const again = await request(frank, 'DELETE', '/me');
    expect(again).toMatchObject({ status: 200, body: { files: 0, signIn: 'absent' } });
    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(2);
  });

  it('fails while Cognito refuses, keeping the sign-in so the person can ask again, and succeeds when asked again', async () => {
    const gina = await personWithAnAccount();
    cognito
      .on(AdminDeleteUserCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Too many requests', $metadata: {} }))
      .resolves({});
    const refused = await request(gina, 'DELETE', '/me');
    expect(refused.status).toBe(500);
    // The rows are gone already; the retry finishes the sign-in.
    expect((await request(gina, 'GET', '/accounts')).body.items).toEqual([]);
    expect(await request(gina, 'DELETE', '/me')).toMatchObject({ status: 200, body: { signIn: 'deleted' } });
  });
});
