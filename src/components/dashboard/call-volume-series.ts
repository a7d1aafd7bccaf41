/**
 * The call volume chart's series, shared by the chart (a client component) and its server-rendered
 * legend: a server component gets only references, not values, from a "use client" module.
 * Colours come from the theme's chart variables, so light and dark mode both work.
 */
export const VOLUME_SERIES = [
  { key: "inbound", label: "Inbound", color: "var(--chart-1)" },
  { key: "outbound", label: "Outbound", color: "var(--chart-2)" },
] as const;
