/**
 * Where people sign in: the Cognito user pool on AWS. The local stack signs its own tokens and
 * keeps no sign-in of anyone, so there it has nothing to delete.
 */
export interface UserDirectory {
  /**
   * Removes the person's sign-in, so that no new token can be had for them. Safe to repeat: a
   * person already gone is `absent`, not an error (a second `DELETE /me` with a still-valid token).
   */
  deleteUser(userId: string): Promise<SignInErasure>;
}

/** What became of a person's sign-in: removed now, already gone, or never kept by this directory. */
export type SignInErasure = 'deleted' | 'absent' | 'notKept';

/** The local stack's directory: its tokens are signed for any id asked for, and no one is kept. */
export const noUserDirectory: UserDirectory = {
  deleteUser: () => Promise.resolve('notKept'),
};
