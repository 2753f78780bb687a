import type { Metadata } from "next";
import type { ReactNode } from "react";
import "uplot/dist/uPlot.min.css";
import "./globals.css";
import { getLocale } from "~/i18n/server.ts";
import { I18nProvider } from "~/i18n/client.tsx";
import { messagesFor } from "~/i18n/index.ts";
import { TrpcProvider } from "~/trpc/provider.tsx";

export const metadata: Metadata = { title: "Shoal", description: "LVS / IPVS console" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale} messages={messagesFor(locale)}>
          <TrpcProvider>{children}</TrpcProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
