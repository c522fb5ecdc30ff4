/**
 * The largest amount a counterparty charged over the last so many days, kept as a monotonic
 * queue (each amount leaves when a larger one comes after it or when it ages out): constant work
 * per charge on average, however often the counterparty is paid.
 */
export class RecentHigh {
  private readonly days: number[] = [];
  private readonly amounts: number[] = [];
  /** Each kept amount's place among the counterparty's charges (1 for its first). */
  private readonly places: number[] = [];
  private head = 0;
  private added = 0;

  constructor(private readonly spanDays: number) {}

  add(day: number, amount: number): void {
    while (this.amounts.length > this.head && this.amounts[this.amounts.length - 1] <= amount) {
      this.amounts.pop();
      this.days.pop();
      this.places.pop();
    }
    this.added += 1;
    this.days.push(day);
    this.amounts.push(amount);
    this.places.push(this.added);
  }

  /** The largest amount charged in the span before `day` (0 when none). */
  before(day: number): number {
    while (this.head < this.days.length && this.days[this.head] < day - this.spanDays) this.head += 1;
    if (this.head > 64 && this.head * 2 > this.days.length) {
      this.days.splice(0, this.head);
      this.amounts.splice(0, this.head);
      this.places.splice(0, this.head);
      this.head = 0;
    }
    return this.head < this.amounts.length ? this.amounts[this.head] : 0;
  }

  /** How many charges ago that largest amount came (1: the last charge); call after `before`. */
  chargesSinceHigh(): number {
    return this.head < this.places.length ? this.added - this.places[this.head] + 1 : Infinity;
  }
}
