import { CALIBRATION_PRIOR_WEIGHT } from './tuning';

/**
 * How often each kind of answer has been right for this person, so a confidence means what
 * it says: an answer shown as 0.8 is right about four times in five. Each kind of answer
 * starts from its own prior and moves to the person's measured rate as evidence comes in.
 */
export type CalibrationState = Record<string, [number, number]>;

export class SourceCalibration {
  private readonly tallies = new Map<string, [number, number]>();

  static fromJSON(state: CalibrationState): SourceCalibration {
    const calibration = new SourceCalibration();
    for (const [bucket, tally] of Object.entries(state)) calibration.tallies.set(bucket, [tally[0], tally[1]]);
    return calibration;
  }

  toJSON(): CalibrationState {
    return Object.fromEntries(this.tallies);
  }

  confidence(bucket: string, prior: number): number {
    const [right, total] = this.tallies.get(bucket) ?? [0, 0];
    return (right + prior * CALIBRATION_PRIOR_WEIGHT) / (total + CALIBRATION_PRIOR_WEIGHT);
  }

  record(bucket: string, wasRight: boolean): void {
    const tally = this.tallies.get(bucket) ?? [0, 0];
    tally[0] += wasRight ? 1 : 0;
    tally[1] += 1;
    this.tallies.set(bucket, tally);
  }
}
