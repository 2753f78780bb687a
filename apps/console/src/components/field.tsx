"use client";
import type { ReactNode } from "react";

/** A labelled form control with its validation message right below it (core diagnostics). */
export function Field({ label, error, children, className = "", name }: { label: string; error?: string | undefined; children: ReactNode; className?: string; name?: string }) {
  return (
    <div className={`flex flex-col gap-0.5 ${className}`} data-field={name}>
      <label className="flex flex-col gap-0.5">
        <span>{label}</span>
        {children}
      </label>
      {error ? (
        <p className="field-error" role="alert" data-error-for={name}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A checkbox with its label on the right, the way ops consoles lay out flags. */
export function CheckField({ label, error, children, name }: { label: string; error?: string | undefined; children: ReactNode; name?: string }) {
  return (
    <div className="flex flex-col" data-field={name}>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        {children}
        <span>{label}</span>
      </label>
      {error ? (
        <p className="field-error" role="alert" data-error-for={name}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
