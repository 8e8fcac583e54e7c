import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { castBallot, loadPaper, Refusal, type Choice, type Paper } from './ballot-api';

const CHOICES: { value: Choice; label: string }[] = [
  { value: 'approve', label: '同意' },
  { value: 'reject', label: '不同意' },
  { value: 'abstain', label: '弃权' },
];
const CHOICE_ZH: Record<Choice, string> = { approve: '同意', reject: '不同意', abstain: '弃权' };

type Step = 'code' | 'choose' | 'confirm' | 'done';

const dateZh = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return y && m && d ? `${y}年${m}月${d}日` : iso;
};

const message = (err: unknown) => (err instanceof Refusal ? err.message : '出现错误，请稍后再试');

/**
 * The ballot page (SPEC §14): code → the session and its candidates → confirmation → receipt.
 * The choices live only in this component's state and are cleared once the ballot is cast;
 * nothing is written to storage or cookies.
 */
export function Ballot({ initialCode }: { initialCode: string }) {
  const [step, setStep] = useState<Step>('code');
  const [code, setCode] = useState(initialCode);
  const [paper, setPaper] = useState<Paper | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [receipt, setReceipt] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  // Each step announces itself: focus moves to its heading.
  useEffect(() => {
    if (step !== 'code') heading.current?.focus();
  }, [step]);

  const start = () => {
    setPaper(null);
    setChoices({});
    setProblem('');
    setStep('code');
  };

  const next = async (e: FormEvent) => {
    e.preventDefault();
    const typed = code.trim();
    if (!typed) return setProblem('请输入选票码');
    setBusy(true);
    setProblem('');
    try {
      setPaper(await loadPaper(typed));
      setChoices({});
      setStep('choose');
    } catch (err) {
      setProblem(message(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    if (!paper) return;
    setBusy(true);
    setProblem('');
    try {
      const answer = await castBallot(code.trim(), choices);
      // Nothing of the choice stays behind: the ballot, the code and the candidates go.
      setChoices({});
      setPaper(null);
      setCode('');
      setReceipt(answer);
      setStep('done');
    } catch (err) {
      setProblem(message(err));
    } finally {
      setBusy(false);
    }
  };

  const unchosen = paper ? paper.candidates.filter((c) => !choices[c.id]).length : 0;

  return (
    <main className="ballot">
      <h1>电子投票</h1>

      {step === 'code' && (
        <form onSubmit={next} noValidate>
          <p className="lead">请输入选票上的选票码，或用手机扫描选票上的二维码。</p>
          <label htmlFor="ballot-code" className="field-label">
            选票码
          </label>
          <input
            id="ballot-code"
            className="code-input"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            placeholder="XXXX-XXXX-XXXX-XXXX-XXXX"
            aria-describedby={problem ? 'ballot-problem' : undefined}
            aria-invalid={problem ? true : undefined}
          />
          {problem && (
            <p id="ballot-problem" className="problem" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? '正在读取…' : '下一步'}
          </button>
        </form>
      )}

      {step === 'choose' && paper && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setProblem('');
            setStep('confirm');
          }}
        >
          <SessionHeader paper={paper} heading={heading} />
          <p className="lead">请对每位人选作出选择。未选择的按弃权计。</p>
          {paper.candidates.map((c) => (
            <fieldset key={c.id} className="candidate">
              <legend>{c.name}</legend>
              <div className="choices">
                {CHOICES.map((choice) => (
                  <label key={choice.value} className={`choice choice-${choice.value}`}>
                    <input
                      type="radio"
                      name={`choice-${c.id}`}
                      value={choice.value}
                      checked={choices[c.id] === choice.value}
                      onChange={() => setChoices((all) => ({ ...all, [c.id]: choice.value }))}
                    />
                    <span>{choice.label}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          <div className="actions">
            <button type="button" className="secondary" onClick={start}>
              返回
            </button>
            <button type="submit" className="primary">
              下一步
            </button>
          </div>
        </form>
      )}

      {step === 'confirm' && paper && (
        <section aria-labelledby="confirm-heading">
          <h2 id="confirm-heading" ref={heading} tabIndex={-1}>
            请核对您的选择
          </h2>
          <p className="session-title">{paper.title}</p>
          {unchosen > 0 && (
            <p className="notice" role="note">
              有 {unchosen} 位人选未选择，将按弃权计。
            </p>
          )}
          <ul className="summary">
            {paper.candidates.map((c) => (
              <li key={c.id}>
                <span className="summary-name">{c.name}</span>
                <span className={`summary-choice summary-${choices[c.id] ?? 'abstain'}`}>
                  {choices[c.id] ? CHOICE_ZH[choices[c.id]] : '弃权（未选择）'}
                </span>
              </li>
            ))}
          </ul>
          <p className="lead">提交后不能更改。无记名投票：服务只记录选票内容，不记录投票人。</p>
          {problem && (
            <p className="problem" role="alert">
              {problem}
            </p>
          )}
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setStep('choose')} disabled={busy}>
              返回修改
            </button>
            <button type="button" className="primary" onClick={submit} disabled={busy}>
              {busy ? '正在提交…' : '提交选票'}
            </button>
          </div>
        </section>
      )}

      {step === 'done' && (
        <section aria-labelledby="done-heading">
          <h2 id="done-heading" ref={heading} tabIndex={-1}>
            投票成功
          </h2>
          <p className="lead">您的选票已投入票箱。</p>
          <div className="receipt">
            <span className="receipt-label" id="receipt-label">
              回执
            </span>
            <output className="receipt-value" aria-labelledby="receipt-label">
              {receipt}
            </output>
          </div>
          <h3>如何核对</h3>
          <ol className="howto">
            <li>请记下上面的回执（可抄写或截屏）。回执不包含您的选择，任何人凭回执都看不出您投了什么。</li>
            <li>表决结束、开箱计票后，会议将公布全部回执清单（按字母顺序排列，附在票决情况中）。</li>
            <li>在清单中找到这个回执，即说明您的选票已经计入。找不到的，请向监票人提出。</li>
          </ol>
          <p className="lead">本页面已清除您的选择，可以直接关闭。</p>
          <button
            type="button"
            className="secondary wide"
            onClick={() => {
              setReceipt('');
              start();
            }}
          >
            输入另一张选票码
          </button>
        </section>
      )}
    </main>
  );
}

function SessionHeader({ paper, heading }: { paper: Paper; heading: RefObject<HTMLHeadingElement | null> }) {
  return (
    <header className="session">
      <h2 ref={heading} tabIndex={-1}>
        {paper.title}
      </h2>
      <p>
        {paper.orgName}　{dateZh(paper.meetingDate)}
      </p>
    </header>
  );
}
