/**
 * The nominations CSV template's example row (browser-safe): the template carries it to show the
 * columns, and an import refuses it, so an unchanged template never nominates anyone.
 */
export const TEMPLATE_EXAMPLE_EMAIL = "nombre.apellido@example.org";
export const TEMPLATE_EXAMPLE_ROW = ["Nombre Apellido (ejemplo)", TEMPLATE_EXAMPLE_EMAIL, "Institución", "Cargo"] as const;
