// Placeholder entry so that the infrastructure synthesises while the handler is written.
export const handler = async (): Promise<void> => {
  throw new Error('parser handler not implemented yet');
};
