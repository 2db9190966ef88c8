/**
 * Pure quiz helpers: strip a quiz for the browser, grade submitted answers.
 * No I/O, so they can be unit-tested and used anywhere on the server.
 */
import type { PublicQuiz, Quiz, QuizGrade, QuizQuestionResult } from "./schema";

/** The quiz without `answer` and without `feedback`: safe to send before submission. */
export function publicQuiz(quiz: Quiz): PublicQuiz {
  return {
    questions: quiz.questions.map((question) => ({
      id: question.id,
      prompt: question.prompt,
      options: question.options.map((option) => ({ id: option.id, text: option.text })),
    })),
  };
}

/**
 * Grade submitted answers (question id → option id).
 * Tampered input never throws: unknown question ids are ignored, unknown option ids,
 * non-string values and missing answers count as wrong with the "no answer" marker (null).
 */
export function gradeQuiz(quiz: Quiz, answers: Readonly<Record<string, unknown>>): QuizGrade {
  const submitted: Readonly<Record<string, unknown>> =
    answers !== null && typeof answers === "object" ? answers : {};
  const results: QuizQuestionResult[] = quiz.questions.map((question) => {
    const raw = Object.hasOwn(submitted, question.id) ? submitted[question.id] : undefined;
    const option =
      typeof raw === "string" ? question.options.find((candidate) => candidate.id === raw) : undefined;
    if (!option) {
      return { questionId: question.id, chosen: null, correct: false, feedback: null };
    }
    return {
      questionId: question.id,
      chosen: option.id,
      correct: option.id === question.answer,
      feedback: option.feedback,
    };
  });
  const correct = results.filter((result) => result.correct).length;
  const total = quiz.questions.length;
  const score = total === 0 ? 0 : Math.round((correct / total) * 100);
  return { score, correct, total, results };
}
