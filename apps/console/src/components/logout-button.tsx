"use client";
import { useMutation } from "@tanstack/react-query";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";

export function LogoutButton() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSettled: () => window.location.assign("/login") }));
  return (
    <button type="button" className="btn py-0.5 text-xs" onClick={() => logout.mutate()} data-testid="logout">
      {t("nav.logout")}
    </button>
  );
}
