import { Form, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "~/i18n/react";

export const ATTENDANCE_CHOICES = ["present", "late", "excused", "absent"] as const;
type Status = (typeof ATTENDANCE_CHOICES)[number];
type Marks = Record<string, Status>;

export interface SheetTrainee {
  enrolmentId: number;
  name: string;
  mark: Status | null;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const read = (key: string): Marks => {
  try {
    const raw = window.localStorage.getItem(key);
    const parsed = raw ? (JSON.parse(raw) as unknown) : null;
    return parsed && typeof parsed === "object" ? (parsed as Marks) : {};
  } catch {
    return {};
  }
};
const write = (key: string, marks: Marks) => {
  try {
    if (Object.keys(marks).length === 0) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(marks));
  } catch {
    // storage full or disabled: the form still works, it just cannot keep marks across a reload
  }
};

/**
 * One session's attendance (or one page of it), one tap per person. Without JavaScript it is a plain form POST. With it,
 * every tap is kept in localStorage (one key per session) until the server has it: Save sends through
 * fetch when online; offline (or when the request fails) the marks wait on the device and are sent
 * again on the `online` event. Unsent marks are restored over the server's values on load. On a sheet in
 * pages, marks kept for people on other pages stay kept and go with the next save from any page.
 */
export function AttendanceSheet({
  sessionId,
  trainees,
  totals,
  page,
  readOnly,
}: {
  sessionId: number;
  trainees: SheetTrainee[];
  /** The whole session's marks as the server has them (the running count covers every page). */
  totals: Record<Status | "unmarked", number>;
  /** The page shown, when the sheet is in pages (sent with the form). */
  page: number | null;
  readOnly: boolean;
}) {
  const { t } = useTranslation("faceToFace");
  const storageKey = `aula:attendance:${sessionId}`;
  const [marks, setMarks] = useState<Record<string, Status | null>>(() =>
    Object.fromEntries(trainees.map((tr) => [String(tr.enrolmentId), tr.mark])),
  );
  const [pending, setPending] = useState(0);
  const [sync, setSync] = useState<"idle" | "sending" | "offline" | "saved">("idle");
  const formRef = useRef<HTMLFormElement>(null);
  const revalidator = useRevalidator();

  // On load: marks not yet sent come back over the server's values (dropping those the server has).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per session, with the server values it was rendered with
  useEffect(() => {
    const server = new Map(trainees.map((tr) => [String(tr.enrolmentId), tr.mark]));
    const stored = read(storageKey);
    const kept: Marks = {};
    const unsent: Marks = {};
    for (const [id, status] of Object.entries(stored)) {
      if (!(ATTENDANCE_CHOICES as readonly string[]).includes(status)) continue;
      if (!server.has(id)) kept[id] = status; // someone on another page: not known here, kept for the next save
      else if (server.get(id) !== status) unsent[id] = status;
    }
    write(storageKey, { ...kept, ...unsent });
    setPending(Object.keys(kept).length + Object.keys(unsent).length);
    if (Object.keys(unsent).length > 0) setMarks((m) => ({ ...m, ...unsent }));
    if (Object.keys(kept).length + Object.keys(unsent).length > 0 && !navigator.onLine) setSync("offline");
  }, [storageKey]);

  const send = useCallback(async () => {
    const form = formRef.current;
    if (!form) return;
    if (!navigator.onLine) {
      setSync("offline");
      return;
    }
    const sent = read(storageKey);
    setSync("sending");
    const body = new FormData(form);
    // marks kept for people on other pages of the sheet go too (the form holds only this page's)
    for (const [id, status] of Object.entries(sent)) if (!body.has(`mark-${id}`)) body.set(`mark-${id}`, status);
    let response: Response;
    try {
      response = await fetch(window.location.pathname, { method: "POST", body, credentials: "same-origin" });
    } catch {
      setSync("offline"); // the network dropped: everything stays on the device
      return;
    }
    if (!response.ok || (response.redirected && new URL(response.url).pathname !== window.location.pathname)) {
      // refused (locked, signed out…): a normal submission shows the server's own message; marks stay kept
      HTMLFormElement.prototype.submit.call(form);
      return;
    }
    const now = read(storageKey);
    for (const [id, status] of Object.entries(sent)) if (now[id] === status) delete now[id];
    write(storageKey, now);
    setPending(Object.keys(now).length);
    setSync("saved");
    revalidator.revalidate();
  }, [storageKey, revalidator]);

  useEffect(() => {
    const online = () => {
      if (Object.keys(read(storageKey)).length > 0) void send();
    };
    const offline = () => {
      if (Object.keys(read(storageKey)).length > 0) setSync("offline");
    };
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
    };
  }, [storageKey, send]);

  const mark = (ids: string[], status: Status) => {
    setMarks((m) => ({ ...m, ...Object.fromEntries(ids.map((id) => [id, status])) }));
    const stored = { ...read(storageKey), ...Object.fromEntries(ids.map((id) => [id, status])) };
    write(storageKey, stored);
    setPending(Object.keys(stored).length);
    setSync(navigator.onLine ? "idle" : "offline");
  };

  // the session's count: the server's, with this page's marks as they are now
  const counts = { ...totals };
  for (const tr of trainees) {
    counts[tr.mark ?? "unmarked"]--;
    counts[marks[String(tr.enrolmentId)] ?? "unmarked"]++;
  }
  const unmarkedIds = trainees.filter((tr) => !marks[String(tr.enrolmentId)]).map((tr) => String(tr.enrolmentId));

  let status: string | null = null;
  if (sync === "offline" && pending > 0) status = t("attendance.offline", { count: pending });
  else if (sync === "sending") status = t("attendance.sending");
  else if (sync === "saved" && pending === 0) status = t("attendance.savedHere");
  else if (pending > 0) status = t("attendance.unsent", { count: pending });

  return (
    <Form
      method="post"
      ref={formRef}
      className="f2f-sheet"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      {page !== null ? <input type="hidden" name="page" value={page} /> : null}
      <ul className="f2f-counts" aria-label={t("attendance.countsLabel")}>
        {(["present", "late", "excused", "absent", "unmarked"] as const).map((k) => (
          <li key={k} className={`f2f-count f2f-count-${k}`}>
            <strong data-testid={`count-${k}`}>{counts[k]}</strong> {k === "unmarked" ? t("attendance.unmarked") : t(`status.attendance.${k}`)}
          </li>
        ))}
      </ul>
      {/* Drawn by the server (it was drawn only after hydration, which moved the list down and made this
          paragraph the page's largest, latest paint). Before the scripts run it submits the form with
          `rest=present` and the server marks everyone left present; after, it marks them here. */}
      {!readOnly && unmarkedIds.length > 0 ? (
        <p>
          <button
            type="submit"
            name="rest"
            value="present"
            className="secondary f2f-all"
            onClick={(e) => {
              e.preventDefault();
              mark(unmarkedIds, "present");
            }}
          >
            {t("attendance.markRestPresent", { count: unmarkedIds.length })}
          </button>
        </p>
      ) : null}
      {/* in groups of 20 that the browser lays out only when near the screen (content-visibility in app.css):
          a 285-person sheet paints its first screen without laying out the other 265 */}
      {chunks(trainees, 20).map((group) => (
        <div key={group[0]?.enrolmentId} className="f2f-group">
          {group.map((tr) => {
            const id = String(tr.enrolmentId);
            return (
              <fieldset key={id} className="f2f-person">
                <legend>{tr.name}</legend>
                <div className="f2f-seg">
                  {ATTENDANCE_CHOICES.map((s) => (
                    <label key={s} className={`f2f-opt f2f-opt-${s}`}>
                      <input
                        type="radio"
                        name={`mark-${id}`}
                        value={s}
                        checked={marks[id] === s}
                        disabled={readOnly}
                        onChange={() => mark([id], s)}
                      />
                      <span>{t(`status.attendance.${s}`)}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            );
          })}
        </div>
      ))}
      <div className="f2f-savebar">
        {/* biome-ignore lint/a11y/useSemanticElements: a live status message, not a computed result */}
        <div role="status" className={`f2f-sync ${sync === "offline" && pending > 0 ? "is-offline" : ""}`}>
          {status}
        </div>
        {readOnly ? null : (
          <button type="submit" className="primary f2f-save" disabled={sync === "sending"}>
            {t("attendance.save")}
          </button>
        )}
      </div>
    </Form>
  );
}
