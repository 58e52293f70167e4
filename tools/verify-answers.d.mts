// Types of verify-answers.mjs for the TypeScript tests that call it.
export interface AnswerCheck {
  answer: string;
  params: Record<string, unknown>;
  differences: string[];
}
export interface ProcessVerification {
  url: string;
  ok: boolean;
  comparable?: boolean;
  answers?: AnswerCheck[];
  /** Answers without a MongoDB counterpart, not compared, with the reason. */
  notVerified?: { answer: string; reason: string }[];
  position?: string;
  movies?: number;
  error?: string;
}
export function verifyProcess(url: string, options?: { adminKey?: string; timeoutMs?: number; log?: (message: string) => void }): Promise<ProcessVerification>;
export function verifyAnswers(
  urls: string[],
  options?: { adminKey?: string; timeoutMs?: number; log?: (message: string) => void },
): Promise<{ ok: boolean; results: ProcessVerification[] }>;
