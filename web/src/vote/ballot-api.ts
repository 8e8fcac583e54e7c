/**
 * The two public endpoints the ballot page uses (SPEC §7.3), with plain fetch: no login, no
 * cookies, nothing cached — the page shares none of the console's code.
 */

export type Choice = 'approve' | 'reject' | 'abstain';

export interface Paper {
  sessionId: string;
  title: string;
  level: string;
  purpose: string;
  meetingDate: string;
  orgName: string;
  candidates: { id: string; name: string }[];
}

/** A refusal, already in plain Chinese for the voter. */
export class Refusal extends Error {}

/** Every answer other than success, said plainly (SPEC §14). */
async function refusal(response: Response): Promise<Refusal> {
  let code = '';
  try {
    code = ((await response.json()) as { code?: string }).code ?? '';
  } catch {
    // no body: the status says enough
  }
  if (response.status === 404) return new Refusal('选票码不存在，请核对');
  if (code === 'BALLOT_CODE_USED') return new Refusal('该选票码已使用');
  if (code === 'VOTE_CLOSED') return new Refusal('本次表决已结束');
  if (response.status === 400) return new Refusal('选票码格式不正确，请核对');
  if (response.status === 429) return new Refusal('请求过于频繁，请稍等一分钟再试');
  return new Refusal('服务暂时无法处理，请稍后再试或联系会议工作人员');
}

async function call(input: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(input, { credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', ...init });
  } catch {
    throw new Refusal('无法连接服务，请检查网络后重试');
  }
  if (!response.ok) throw await refusal(response);
  return response;
}

/** GET /api/ballots/paper?code=: what the paper is for, without using it. */
export async function loadPaper(code: string): Promise<Paper> {
  const response = await call(`/api/ballots/paper?code=${encodeURIComponent(code)}`);
  return (await response.json()) as Paper;
}

/** POST /api/ballots: casts the ballot; the answer is the receipt. */
export async function castBallot(code: string, choices: Record<string, Choice>): Promise<string> {
  const response = await call('/api/ballots', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, choices }),
  });
  return ((await response.json()) as { receipt: string }).receipt;
}
