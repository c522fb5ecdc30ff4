import {
  AdminDeleteUserCommand,
  type CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SignInErasure, UserDirectory } from '../../ports/user-directory';

/**
 * The Cognito user pool as the API sees it: AdminDeleteUser, the one action the API Lambda is
 * granted on the pool. The person is named by their `sub` (the API's user id), which Cognito
 * accepts as the username of a pool that signs in by e-mail.
 */
export class CognitoUserDirectory implements UserDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async deleteUser(userId: string): Promise<SignInErasure> {
    try {
      await this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: userId }));
      return 'deleted';
    } catch (error) {
      // Gone already (an earlier DELETE /me): erasure is idempotent. Anything else (throttled,
      // denied) fails the request, so the person can ask again.
      if (error instanceof UserNotFoundException) return 'absent';
      throw error;
    }
  }
}
