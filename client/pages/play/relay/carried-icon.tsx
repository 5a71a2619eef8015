/**
 * "Passed on": an arrow through a ring, the shape of a carried error (right for what the link
 * received), distinct from the verdicts' tick, wave and cross.
 */
export function CarriedIcon() {
  return (
    <svg class="relay-carried-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10.5" class="relay-carried-icon__shape" />
      <path d="M17.5 12H7m4-4-4 4 4 4" class="relay-carried-icon__mark" />
    </svg>
  );
}
