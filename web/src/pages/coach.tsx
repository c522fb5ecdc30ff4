import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNotice } from '../components/notice';

interface CoachAnswer {
  answer: string;
  advice?: { title: string; body: string; evidence?: { label: string; value: string | number; source?: string }[] }[];
  conversationId?: string;
  verifiedNumbers?: number;
  withheldNumbers?: number;
}

interface Turn {
  question: string;
  reply?: CoachAnswer;
}

/** Questions about the person's own money, answered from their figures, with the evidence behind each answer. */
export default function Coach() {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [question, setQuestion] = useState('');
  const [conversationId, setConversationId] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const ask = async (text: string) => {
    setBusy(true);
    setError(null);
    const index = turns.length;
    setTurns((t) => [...t, { question: text || 'What should I look at now?' }]);
    try {
      const reply = await api<CoachAnswer>('/coach', {
        method: 'POST',
        body: { ...(text ? { question: text } : {}), ...(conversationId ? { conversationId } : {}) },
      });
      setConversationId(reply.conversationId);
      setTurns((t) => t.map((turn, i) => (i === index ? { ...turn, reply } : turn)));
      setQuestion('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Coach</h1>
      <ol class="chat" aria-live="polite">
        {turns.map((turn, i) => (
          <li key={i}>
            <p class="question">{turn.question}</p>
            {turn.reply ? (
              <div class="answer">
                <p>{turn.reply.answer}</p>
                {turn.reply.advice?.map((a) => (
                  <details key={a.title}>
                    <summary>{a.title}</summary>
                    <p>{a.body}</p>
                    <ul>
                      {a.evidence?.map((e) => (
                        <li key={e.label}>
                          {e.label}: <strong>{e.value}</strong>
                          {e.source ? <small class="muted"> ({e.source})</small> : null}
                        </li>
                      ))}
                    </ul>
                  </details>
                ))}
                {turn.reply.withheldNumbers ? (
                  <p class="muted">{turn.reply.withheldNumbers} figure(s) could not be confirmed and were left out.</p>
                ) : null}
              </div>
            ) : (
              <p class="muted">Thinking…</p>
            )}
          </li>
        ))}
      </ol>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void ask(question.trim());
        }}
        aria-label="Ask the coach"
      >
        <label class="grow">
          Your question
          <input
            value={question}
            onInput={(e) => setQuestion(e.currentTarget.value)}
            placeholder="Where did my money go last month?"
          />
        </label>
        <button type="submit" disabled={busy}>
          {question.trim() ? 'Ask' : 'What should I look at?'}
        </button>
      </form>
      <ErrorNotice error={error} />
    </>
  );
}
