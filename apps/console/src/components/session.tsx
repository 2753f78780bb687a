"use client";
import { createContext, useContext, type ReactNode } from "react";

export type Role = "admin" | "operator" | "viewer";
export interface SessionUser {
  id: string;
  username: string;
  role: Role;
}

const SessionContext = createContext<SessionUser | null>(null);

export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error("useSession outside the signed-in shell");
  return user;
}

/** Edit controls are hidden or disabled for viewers; the API refuses their writes regardless. */
export function useCanEdit(): boolean {
  return useSession().role !== "viewer";
}
