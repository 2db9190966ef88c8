import { Form, Link, NavLink } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { LOCALE_NAMES, LOCALES, type Locale } from "~/i18n/config";

interface HeaderUser {
  name: string;
  role: string;
}

function navFor(role: string): { to: string; key: string }[] {
  switch (role) {
    case "admin":
      return [
        { to: "/editions", key: "nav.editions" },
        { to: "/admin/users", key: "nav.users" },
        { to: "/admin/outbox", key: "nav.outbox" },
        { to: "/admin/privacy", key: "nav.privacy" },
        { to: "/audit", key: "nav.audit" },
      ];
    case "tutor":
      return [
        { to: "/editions", key: "nav.editions" },
        { to: "/audit", key: "nav.audit" },
      ];
    case "coordinator":
      return [
        { to: "/coordination", key: "nav.coordination" },
        { to: "/audit", key: "nav.audit" },
      ];
    default:
      return [{ to: "/learning", key: "nav.learning" }];
  }
}

export function LanguageSwitcher({ locale, path }: { locale: Locale; path: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action="/language" className="lang-switcher" aria-label={t("layout.language")}>
      <input type="hidden" name="redirectTo" value={path} />
      {LOCALES.map((l) => (
        <button
          key={l}
          type="submit"
          name="lng"
          value={l}
          lang={l}
          aria-current={l === locale ? "true" : undefined}
          className={l === locale ? "lang active" : "lang"}
          title={LOCALE_NAMES[l]}
        >
          <span aria-hidden="true">{l.toUpperCase()}</span>
          <span className="visually-hidden">{LOCALE_NAMES[l]}</span>
        </button>
      ))}
    </Form>
  );
}

export function SiteHeader({ user, locale, path }: { user: HeaderUser | null; locale: Locale; path: string }) {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <div className="header-inner">
        <Link to="/" className="brand">
          <span className="brand-name">Aula</span>
          <span className="brand-org">{t("layout.institute")}</span>
        </Link>
        <LanguageSwitcher locale={locale} path={path} />
      </div>
      {user ? (
        <div className="header-inner user-bar">
          <nav aria-label={t("layout.mainNav")}>
            <ul className="nav-list">
              {navFor(user.role).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{t(item.key)}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="who">
            <Link to="/account" className="who-name">
              {user.name}
            </Link>
            <span className="role-badge">{t(`roles.${user.role}`)}</span>
            <Form method="post" action="/sign-out">
              <button type="submit" className="link-button">
                {t("auth.signOut")}
              </button>
            </Form>
          </div>
        </div>
      ) : null}
    </header>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="footer-inner">
        <p>{t("layout.footer")}</p>
        <p>
          <Link to="/verify">{t("layout.verifyLink")}</Link>
        </p>
      </div>
    </footer>
  );
}
