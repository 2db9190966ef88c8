import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "~/i18n/react";

/** True once React runs in the browser (false on the server and in the first client render). */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * A heavy or irreversible action asked twice. With JavaScript the button opens a native modal
 * `<dialog>` (focus moves into it, Escape or "Cancel" closes it and focus returns to the button);
 * without JavaScript the button is a link to `?confirm=<id>`, and the page shows the same
 * confirmation inline as a step of its own. Either way the form posts only from the confirmation,
 * which says what will happen.
 */
export function ConfirmAction({
  id,
  trigger,
  triggerLabel,
  triggerClassName = "secondary",
  title,
  children,
  confirm,
  confirmClassName = "primary",
  hidden,
  fields,
  failed = false,
  action,
}: {
  /** Unique on the page: names the no-JavaScript step (`?confirm=<id>`). */
  id: string;
  trigger: string;
  /** Accessible name of the button when its text alone is ambiguous (e.g. one per table row). */
  triggerLabel?: string;
  triggerClassName?: string;
  title: string;
  /** What will happen. */
  children: React.ReactNode;
  confirm: string;
  confirmClassName?: string;
  hidden: Record<string, string | number>;
  /** Extra inputs the confirmation asks for (a reason). */
  fields?: React.ReactNode;
  /** The server refused the confirmed post: show the confirmation again, inline, with its errors. */
  failed?: boolean;
  action?: string;
}) {
  const hydrated = useHydrated();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const inline = failed || params.get("confirm") === id;
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);

  if (inline) {
    params.delete("confirm");
    const back = `${location.pathname}${params.toString() ? `?${params}` : ""}`;
    return (
      <ConfirmPanel
        title={title}
        confirm={confirm}
        confirmClassName={confirmClassName}
        hidden={hidden}
        fields={fields}
        action={action}
        cancel={<Link to={back} className="button secondary">{<CancelText />}</Link>}
      >
        {children}
      </ConfirmPanel>
    );
  }
  const trig = hydrated ? (
    <button type="button" ref={triggerRef} className={triggerClassName} aria-label={triggerLabel} aria-haspopup="dialog" onClick={() => setOpen(true)}>
      {trigger}
    </button>
  ) : (
    <Link to={`?${withConfirm(location.search, id)}`} className={`button ${triggerClassName}`} aria-label={triggerLabel}>
      {trigger}
    </Link>
  );
  return (
    <>
      {trig}
      {open ? (
        <ConfirmDialog
          title={title}
          confirm={confirm}
          confirmClassName={confirmClassName}
          hidden={hidden}
          fields={fields}
          action={action}
          onClose={() => {
            setOpen(false);
            triggerRef.current?.focus();
          }}
        >
          {children}
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function withConfirm(search: string, id: string): string {
  const p = new URLSearchParams(search);
  p.set("confirm", id);
  return p.toString();
}

function CancelText() {
  const { t } = useTranslation();
  return <>{t("confirm.cancel")}</>;
}

interface PanelProps {
  title: string;
  children: React.ReactNode;
  confirm: string;
  confirmClassName: string;
  hidden: Record<string, string | number>;
  fields?: React.ReactNode;
  action?: string;
}

function ConfirmBody({ titleId, title, children, confirm, confirmClassName, hidden, fields, action, cancel, onSubmit }: PanelProps & { titleId: string; cancel: React.ReactNode; onSubmit?: () => void }) {
  return (
    <>
      <h2 id={titleId}>{title}</h2>
      <div className="confirm-what">{children}</div>
      <Form method="post" action={action} className="stack" onSubmit={onSubmit}>
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="confirmed" value="1" />
        {fields}
        <div className="actions">
          <button type="submit" className={confirmClassName}>
            {confirm}
          </button>
          {cancel}
        </div>
      </Form>
    </>
  );
}

function ConfirmPanel(props: PanelProps & { cancel: React.ReactNode }) {
  const titleId = useId();
  const ref = useRef<HTMLElement>(null);
  // the step replaces the button: bring the person to it
  useEffect(() => ref.current?.focus(), []);
  return (
    <section className="card confirm-step" aria-labelledby={titleId} tabIndex={-1} ref={ref}>
      <ConfirmBody {...props} titleId={titleId} />
    </section>
  );
}

function ConfirmDialog(props: PanelProps & { onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const { onClose } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby={titleId} onClose={onClose}>
      <ConfirmBody
        {...props}
        titleId={titleId}
        onSubmit={() => ref.current?.close()}
        cancel={
          <button type="button" className="secondary" onClick={() => ref.current?.close()}>
            {t("confirm.cancel")}
          </button>
        }
      />
    </dialog>
  );
}
