/**
 * What Powertools writes while `run` runs: its Logger and Metrics print one JSON document a
 * line to stdout and stderr (CloudWatch reads EMF metrics from those lines), so tests read the
 * same lines CloudWatch would.
 */
export async function capturedOutput<T>(
  run: () => Promise<T>,
): Promise<{ result: T; lines: Record<string, unknown>[] }> {
  const written: string[] = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    const result = await run();
    return {
      result,
      lines: written
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

interface EmfDocument {
  _aws: {
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [key: string]: unknown;
}

export interface EmittedMetric {
  name: string;
  namespace: string;
  dimensions: Record<string, string>;
  unit: string;
  value: number;
}

/** The metrics in EMF lines: name, namespace, dimensions and value (values of one name summed). */
export function emfMetrics(lines: readonly Record<string, unknown>[]): EmittedMetric[] {
  const metrics: EmittedMetric[] = [];
  for (const line of lines) {
    if (!line._aws) continue;
    const document = line as EmfDocument;
    for (const directive of document._aws.CloudWatchMetrics) {
      const dimensions = Object.fromEntries(directive.Dimensions.flat().map((name) => [name, String(document[name])]));
      for (const metric of directive.Metrics) {
        const raw = document[metric.Name];
        const value = Array.isArray(raw) ? raw.reduce((sum: number, v: number) => sum + v, 0) : Number(raw);
        metrics.push({ name: metric.Name, namespace: directive.Namespace, dimensions, unit: metric.Unit, value });
      }
    }
  }
  return metrics;
}
