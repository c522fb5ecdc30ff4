// Placeholder entry so that the infrastructure synthesises while the handler is written.
export const handler = async (): Promise<void> => {
  throw new Error('categoriser handler not implemented yet');
};
