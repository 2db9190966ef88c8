/**
 * Which planning forms can succeed in each phase of an edition (browser-safe: the edition board and the
 * participation page show a form only when this says so; the domain refuses the rest with the same rule).
 */
import type { EditionStatus } from "~/vocabulary";

export interface PhaseForms {
  /** Invite another state: only while the edition is being prepared or nominating. */
  inviteState: boolean;
  /** Move unused seats between states: after the nomination window closed, until the online stage ends. */
  reallocateSeats: boolean;
  /** Change a state's quota: until the online stage (raising it enrols the waiting list). */
  changeQuota: boolean;
  /** Appoint or remove coordinators, change a state's format and signatory: until the edition is closed. */
  manageParticipation: boolean;
}

/**
 * Whether a coordinator may still withdraw a trainee: before the online stage, counted in the edition's
 * own calendar (`today` is `localDay(now, edition.timeZone)`, not the UTC day).
 */
export function canWithdraw(edition: { status: EditionStatus; onlineStartsOn: string }, today: string): boolean {
  return (edition.status === "draft" || edition.status === "nominations") && today < edition.onlineStartsOn;
}

export function phaseForms(edition: { status: EditionStatus; nominationClosesOn: string }, today: string): PhaseForms {
  const s = edition.status;
  return {
    inviteState: s === "draft" || s === "nominations",
    reallocateSeats: (s === "nominations" || s === "online") && today > edition.nominationClosesOn,
    changeQuota: s === "draft" || s === "nominations" || s === "online",
    manageParticipation: s !== "closed",
  };
}
