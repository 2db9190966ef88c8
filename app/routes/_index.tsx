import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getContext, homePath } from "~/auth/session.server";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "landing.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await getContext(request);
  if (user) throw redirect(homePath(user.role));
  return null;
}

export default function Landing() {
  const { t } = useTranslation();
  return (
    <>
      <section className="hero">
        <h1>{t("landing.title")}</h1>
        <p className="lede">{t("landing.lede")}</p>
        <p className="actions">
          <Link className="button" to="/sign-in">
            {t("auth.signIn")}
          </Link>
        </p>
      </section>
      <div className="grid steps">
        {(["editions", "nominations", "online", "faceToFace", "certificate"] as const).map((step, i) => (
          <section key={step} className="card" aria-labelledby={`step-${step}`}>
            <h2 id={`step-${step}`}>
              <span className="muted">{i + 1}.</span> {t(`landing.steps.${step}.title`)}
            </h2>
            <p className="muted">{t(`landing.steps.${step}.body`)}</p>
          </section>
        ))}
      </div>
    </>
  );
}
