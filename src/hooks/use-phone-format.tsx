"use client";

import * as React from "react";

import { formatPhone } from "~/lib/format";

/**
 * The signed-in user's region (User.defaultRegion), given once by the app layout, so every number
 * a person reads is national in their region and international otherwise (see formatPhone).
 */
const PhoneRegionContext = React.createContext<string | null>(null);

export function PhoneRegionProvider({ region, children }: { region: string | null; children: React.ReactNode }) {
  return <PhoneRegionContext.Provider value={region}>{children}</PhoneRegionContext.Provider>;
}

/** formatPhone with the user's region: `const phone = usePhoneFormat(); phone("+14155550134")`. */
export function usePhoneFormat(): (value: string | null | undefined) => string {
  const region = React.useContext(PhoneRegionContext);
  return React.useCallback((value: string | null | undefined) => formatPhone(value, region), [region]);
}
