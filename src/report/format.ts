/** Small text formatters shared by the bench report and the console summary. */

/** A score with 4 decimals, or "—". */
export function formatScore(value: number | null): string {
  return value === null ? "—" : value.toFixed(4);
}

/** Seconds with one decimal, or "—". */
export function formatSeconds(value: number | null): string {
  return value === null ? "—" : `${value.toFixed(1)}s`;
}

/** A cost in the price unit (USD by convention) with 4 decimals, or "—" when unknown. */
export function formatCost(value: number | null): string {
  return value === null ? "—" : `$${value.toFixed(4)}`;
}

/** A fraction as a percentage, or "—". */
export function formatPercent(value: number | null): string {
  return value === null ? "—" : `${(value * 100).toFixed(0)}%`;
}

/** Text escaped for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
