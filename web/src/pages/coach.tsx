import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, isNotAvailable } from '../api';
import { ErrorNotice } from '../components/notice';
import { timeOfDay, waitInWords } from '../format';
import type { Body, Ok } from '../types';

/** POST /coach's answer and question, from the generated API types. */
type CoachAnswer = Ok<'/coach', 'post'>;
type CoachQuestion = Body<'/coach', 'post'>;

interface Turn {
  /** What the person asked; null when they asked for the most useful things now. */
  question: string | null;
  reply?: CoachAnswer;
  failed?: boolean;
}

const SUGGESTIONS = [
  'Where did my money go last month?',
  'Which subscriptions could I drop?',
  'What can I cut to save 300 a month?',
  'When will I reach my goal?',
];

/** Shown under any answer that advises, unless the answer already says it. */
const NOT_FINANCIAL_ADVICE =
  'This comes from your own figures and is general information, not financial advice. For investment or debt decisions, speak to a regulated adviser.';

/**
 * Questions about the person's own money, answered from their figures, with the evidence behind
 * each piece of advice; a conversation continues until they start a new one.
 */
export default function Coach() {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [question, setQuestion] = useState('');
  const [conversationId, setConversationId] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const last = useRef<HTMLLIElement>(null);

  useEffect(() => last.current?.scrollIntoView({ block: 'nearest' }), [turns.length, busy]);

  const ask = async (text: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const index = turns.length;
    setTurns((t) => [...t, { question: text || null }]);
    try {
      const body: CoachQuestion = {
        ...(text ? { question: text } : {}),
        ...(conversationId ? { conversationId } : {}),
      };
      const reply = await api<CoachAnswer>('/coach', { method: 'POST', body });
      setConversationId(reply.conversationId);
      setTurns((t) => t.map((turn, i) => (i === index ? { ...turn, reply } : turn)));
      setQuestion('');
    } catch (e) {
      // The question stays in the box, to ask again.
      setTurns((t) => t.map((turn, i) => (i === index ? { ...turn, failed: true } : turn)));
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const startOver = () => {
    setTurns([]);
    setConversationId(undefined);
    setError(null);
  };

  return (
    <>
      <h1>Coach</h1>
      <p class="muted">
        Ask about your own money. Every figure in an answer is checked against your data, and one that cannot be is left
        out.
      </p>
      {turns.length > 0 && (
        <ol class="chat" aria-label="Conversation with the coach">
          {turns.map((turn, i) => (
            <li key={i} ref={i === turns.length - 1 ? last : undefined}>
              <h2 class="question">{turn.question ?? 'What are the most useful things for me now?'}</h2>
              {turn.reply ? (
                <Reply reply={turn.reply} />
              ) : turn.failed ? (
                <p class="muted">No answer.</p>
              ) : (
                <p class="muted" role="status" aria-busy="true">
                  Looking at your figures…
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      <CoachError error={error} />
      <form
        class="inline-form"
        aria-label="Ask the coach"
        onSubmit={(e) => {
          e.preventDefault();
          void ask(question.trim());
        }}
      >
        <label class="grow">
          Your question
          <input
            type="text"
            maxLength={500}
            value={question}
            onInput={(e) => setQuestion(e.currentTarget.value)}
            placeholder="Where did my money go last month?"
          />
        </label>
        <button type="submit" class="primary" disabled={busy || !question.trim()}>
          Ask
        </button>
        <button type="button" disabled={busy} onClick={() => void ask('')}>
          What should I look at now?
        </button>
      </form>
      <div class="suggestions" role="group" aria-label="Questions people ask">
        {SUGGESTIONS.map((text) => (
          <button key={text} type="button" class="chip" disabled={busy} onClick={() => void ask(text)}>
            {text}
          </button>
        ))}
      </div>
      {conversationId && (
        <p>
          <button type="button" class="link" disabled={busy} onClick={startOver}>
            Start a new conversation
          </button>
        </p>
      )}
    </>
  );
}

function Reply({ reply }: { reply: CoachAnswer }) {
  const advises = reply.advice.length > 0;
  return (
    <div class="answer">
      <p class="answer-text">{reply.answer}</p>
      {reply.withheldNumbers > 0 && (
        <p class="notice warning" role="note">
          {reply.withheldNumbers === 1
            ? 'One figure in this answer could not be confirmed against your data, so it was left out.'
            : `${reply.withheldNumbers} figures in this answer could not be confirmed against your data, so they were left out.`}
        </p>
      )}
      {advises && (
        <ul class="advice">
          {reply.advice.map((item, i) => (
            <li key={i} class="card">
              <h3>{item.title}</h3>
              <p>{item.body}</p>
              {item.evidence.length > 0 && (
                <dl class="evidence" aria-label={`Evidence for ${item.title}`}>
                  {item.evidence.map((e, j) => (
                    <div key={j}>
                      <dt>{e.label}</dt>
                      <dd>
                        <strong>{e.value}</strong> <span class="muted">· {e.source}</span>
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
            </li>
          ))}
        </ul>
      )}
      {advises && !/not financial advice/i.test(reply.answer) && <p class="muted small">{NOT_FINANCIAL_ADVICE}</p>}
      <p class="muted small">
        {reply.cached
          ? 'The same answer as before (your figures have not changed)'
          : reply.model === 'deterministic'
            ? 'Answered from your figures, without a language model'
            : `Answered by ${reply.model}`}
        {reply.verifiedNumbers > 0
          ? ` · ${reply.verifiedNumbers === 1 ? 'one figure' : `${reply.verifiedNumbers} figures`} checked against your data`
          : ''}
      </p>
    </div>
  );
}

/** A refusal read kindly: a 429 says when to ask again, from Retry-After. */
function CoachError({ error }: { error: unknown }) {
  if (!error) return null;
  if (isNotAvailable(error)) return <p class="muted">The coach is not available yet on this server.</p>;
  if (error instanceof ApiError && error.status === 429) {
    const wait = error.retryAfterSeconds;
    return (
      <div class="notice warning" role="alert">
        <strong>The coach needs a pause.</strong> It has answered as many questions as it can for you for now.{' '}
        {wait !== null
          ? `You can ask again ${waitInWords(wait)} (after ${timeOfDay(new Date(Date.now() + wait * 1000))}).`
          : 'Please ask again a little later.'}
        {error.detail && <span class="muted small"> ({error.detail})</span>}
      </div>
    );
  }
  return <ErrorNotice error={error} />;
}
