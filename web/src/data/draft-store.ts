// A reactive draft for the booking screens: restored from storage on open,
// saved on every change.
import { createSignal, onMount, type Accessor } from "solid-js";
import { emptyDraft, loadDraft, saveDraft, type Draft } from "./draft";

export function useDraft(serviceId: Accessor<number>): {
  draft: Accessor<Draft>;
  restored: Accessor<boolean>;
  update: (patch: Partial<Omit<Draft, "serviceId" | "savedAt">>) => void;
} {
  const [draft, setDraft] = createSignal<Draft>(emptyDraft(serviceId(), Date.now()));
  const [restored, setRestored] = createSignal(false);
  let touched = false;
  onMount(async () => {
    const saved = await loadDraft(serviceId());
    // a change made while the saved copy was loading wins over it
    if (saved && !touched) setDraft(saved);
    setRestored(true);
  });
  const update = (patch: Partial<Omit<Draft, "serviceId" | "savedAt">>) => {
    touched = true;
    const next = { ...draft(), ...patch, savedAt: Date.now() };
    setDraft(next);
    void saveDraft(next);
  };
  return { draft, restored, update };
}
