/** What the coach answers: a short answer and up to three pieces of advice, each with the figures it rests on. */
export interface CoachEvidence {
  label: string;
  value: string;
  /** The tool the figure came from (summary, budgets_status, …). */
  source: string;
}

export interface CoachAdvice {
  title: string;
  body: string;
  evidence: CoachEvidence[];
}

export interface CoachDraft {
  answer: string;
  advice: CoachAdvice[];
}

/** Said wherever the coach gives advice: it reads the person's figures; it is not a licensed adviser. */
export const NOT_FINANCIAL_ADVICE = 'This is general guidance from your own figures, not financial advice.';
