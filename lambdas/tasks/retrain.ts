// Placeholder Fargate task entry (the scheduled retrain and re-categorise job).
async function main(): Promise<void> {
  process.stderr.write('retrain: not implemented yet\n');
}
void main();
